import { bearerKey, entry } from '../catalog/data/build.js';

/** SendGrid in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('email', 'sendgrid', 'SendGrid', 'Transactional and marketing email delivery by Twilio.', 'https://sendgrid.com', 'https://www.twilio.com/docs/sendgrid/api-reference', 'https://api.sendgrid.com/v3', bearerKey('Settings > API Keys in SendGrid.'));
