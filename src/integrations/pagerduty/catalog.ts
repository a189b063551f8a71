import { entry, headerKey } from '../catalog/data/build.js';

/** PagerDuty in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('dev_tools', 'pagerduty', 'PagerDuty', 'Incidents, on-call schedules and escalations.', 'https://www.pagerduty.com', 'https://developer.pagerduty.com/api-reference/', 'https://api.pagerduty.com', headerKey('Authorization', 'Integrations > API Access Keys.', 'Token token='));
