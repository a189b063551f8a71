import { getMessage, listMessages, sendSms } from './actions.js';
import { twilio } from './service.js';
import { newIncomingSms } from './triggers.js';

export const twilioActions = [sendSms, listMessages, getMessage];
export const twilioTriggers = [newIncomingSms];
export { twilio, sendSms, listMessages, getMessage, newIncomingSms };
