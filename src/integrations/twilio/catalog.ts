import { basic, entry } from '../catalog/data/build.js';

/** Twilio in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('chat', 'twilio', 'Twilio', 'SMS, WhatsApp and voice messaging.', 'https://www.twilio.com', 'https://www.twilio.com/docs/usage/api', 'https://api.twilio.com/2010-04-01', basic('Account SID and auth token from the Twilio console.'));
