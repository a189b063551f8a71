import { addComment } from './actions/add-comment.js';
import { createIssue } from './actions/create-issue.js';
import { listPullRequests } from './actions/list-pull-requests.js';
import { githubProfile } from './auth.js';
import { newIssue } from './triggers/new-issue.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { githubOAuth } from './oauth.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

const profile = githubProfile;

export const githubActions = [createIssue, addComment, listPullRequests];
export const githubTriggers = [newIssue];
export { createIssue, addComment, listPullRequests, newIssue };

/** GitHub, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const githubIntegration = defineIntegration({ catalog, oauth: githubOAuth, profile, actions: githubActions, triggers: githubTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
