export { pagerduty, pagerdutyActions, pagerdutyTriggers, listIncidents, getIncident, createIncident, updateIncident, newIncident } from './service.js';
