import { registerServiceProfile } from '../profiles.js';
import { listChannels } from './actions/list-channels.js';
import { lookupUser } from './actions/lookup-user.js';
import { postMessage } from './actions/post-message.js';
import { slackProfile } from './auth.js';
import { newMessage } from './triggers/new-message.js';

registerServiceProfile(slackProfile);

export const slackActions = [postMessage, listChannels, lookupUser];
export const slackTriggers = [newMessage];
export { postMessage, listChannels, lookupUser, newMessage };
