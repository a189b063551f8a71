import { addComment } from './actions/add-comment.js';
import { createIssue } from './actions/create-issue.js';
import { getIssue } from './actions/get-issue.js';
import { listIssues } from './actions/list-issues.js';
import { listMergeRequests } from './actions/list-merge-requests.js';
import { updateIssue } from './actions/update-issue.js';
import { gitlab } from './service.js';
import { newIssue } from './triggers/new-issue.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const gitlabActions = [createIssue, getIssue, updateIssue, listIssues, addComment, listMergeRequests];
export const gitlabTriggers = [newIssue];
export { gitlab, createIssue, getIssue, updateIssue, listIssues, addComment, listMergeRequests, newIssue };

/** GitLab, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const gitlabIntegration = defineIntegration({ catalog, kit: gitlab, actions: gitlabActions, triggers: gitlabTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
