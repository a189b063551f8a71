import { entry, microsoft } from '../catalog/data/build.js';

/** Outlook in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('email', 'outlook', 'Outlook', 'Mail and calendar of Outlook.com and Microsoft 365 through Microsoft Graph.', 'https://outlook.office.com', 'https://learn.microsoft.com/graph/api/resources/mail-api-overview', 'https://graph.microsoft.com/v1.0', microsoft(['Mail.ReadWrite', 'Mail.Send', 'Calendars.ReadWrite']));
