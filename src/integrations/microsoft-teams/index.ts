import { graphProfile } from '../microsoft/common.js';
import { registerServiceProfile } from '../profiles.js';
import { listChannels } from './actions/list-channels.js';
import { listTeams } from './actions/list-teams.js';
import { postChannelMessage } from './actions/post-channel-message.js';

registerServiceProfile(graphProfile('microsoft-teams'));

export const teamsActions = [postChannelMessage, listTeams, listChannels];
export { listChannels, listTeams, postChannelMessage };
