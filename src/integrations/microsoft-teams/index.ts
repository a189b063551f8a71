import { graphProfile } from '../microsoft/common.js';
import { listChannels } from './actions/list-channels.js';
import { listTeams } from './actions/list-teams.js';
import { postChannelMessage } from './actions/post-channel-message.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { microsoftOAuth } from '../microsoft/oauth.js';
import { actionPhrases } from './vocabulary.js';

const profile = graphProfile('microsoft-teams');

export const teamsActions = [postChannelMessage, listTeams, listChannels];
export { listChannels, listTeams, postChannelMessage };

/** Microsoft Teams, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const microsoftTeamsIntegration = defineIntegration({ catalog, oauth: microsoftOAuth, profile, actions: teamsActions, vocabulary: { actions: actionPhrases } });
