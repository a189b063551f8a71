import { entry, oauth2 } from '../catalog/data/build.js';

/** Mailchimp in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('marketing', 'mailchimp', 'Mailchimp', 'Audiences, campaigns and automations.', 'https://mailchimp.com', 'https://mailchimp.com/developer/marketing/api/', 'https://us1.api.mailchimp.com/3.0', oauth2('https://login.mailchimp.com/oauth2/authorize', 'https://login.mailchimp.com/oauth2/token', []));
