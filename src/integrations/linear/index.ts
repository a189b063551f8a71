import { createIssue } from './actions/create-issue.js';
import { getIssue } from './actions/get-issue.js';
import { listIssues } from './actions/list-issues.js';
import { searchIssues } from './actions/search-issues.js';
import { updateIssue } from './actions/update-issue.js';
import { linear } from './service.js';
import { newIssue } from './triggers/new-issue.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const linearActions = [createIssue, getIssue, updateIssue, listIssues, searchIssues];
export const linearTriggers = [newIssue];
export { linear, createIssue, getIssue, updateIssue, listIssues, searchIssues, newIssue };

/** Linear, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const linearIntegration = defineIntegration({ catalog, kit: linear, actions: linearActions, triggers: linearTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
