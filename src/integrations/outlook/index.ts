import { graphProfile } from '../microsoft/common.js';
import { registerServiceProfile } from '../profiles.js';
import { listEvents } from './actions/list-events.js';
import { listMessages } from './actions/list-messages.js';
import { sendMail } from './actions/send-mail.js';

registerServiceProfile(graphProfile('outlook'));

export const outlookActions = [sendMail, listEvents, listMessages];
export { sendMail, listEvents, listMessages };
