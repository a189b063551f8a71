import { entry, oauth2 } from '../catalog/data/build.js';

/** HubSpot in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('crm', 'hubspot', 'HubSpot', 'Contacts, companies, deals and tickets in HubSpot.', 'https://www.hubspot.com', 'https://developers.hubspot.com/docs/api/overview', 'https://api.hubapi.com', oauth2('https://app.hubspot.com/oauth/authorize', 'https://api.hubapi.com/oauth/v1/token', ['crm.objects.contacts.read', 'crm.objects.contacts.write']));
