import { addComment } from './actions/add-comment.js';
import { createIssue } from './actions/create-issue.js';
import { getIssue } from './actions/get-issue.js';
import { searchIssues } from './actions/search-issues.js';
import { updateIssue } from './actions/update-issue.js';
import { jira } from './service.js';
import { newIssue } from './triggers/new-issue.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const jiraActions = [createIssue, getIssue, updateIssue, searchIssues, addComment];
export const jiraTriggers = [newIssue];
export { jira, createIssue, getIssue, updateIssue, searchIssues, addComment, newIssue };

/** Jira, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const jiraIntegration = defineIntegration({ catalog, kit: jira, actions: jiraActions, triggers: jiraTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
