import { graphProfile } from '../microsoft/common.js';
import { registerServiceProfile } from '../profiles.js';
import { postChannelMessage } from './actions/post-channel-message.js';

registerServiceProfile(graphProfile('microsoft-teams'));

export const teamsActions = [postChannelMessage];
export { postChannelMessage };
