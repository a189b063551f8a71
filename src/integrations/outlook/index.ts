import { graphProfile } from '../microsoft/common.js';
import { registerServiceProfile } from '../profiles.js';
import { listEvents } from './actions/list-events.js';
import { sendMail } from './actions/send-mail.js';

registerServiceProfile(graphProfile('outlook'));

export const outlookActions = [sendMail, listEvents];
export { sendMail, listEvents };
