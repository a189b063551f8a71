import { createIssue } from './actions/create-issue.js';
import { getIssue } from './actions/get-issue.js';
import { listIssues } from './actions/list-issues.js';
import { searchIssues } from './actions/search-issues.js';
import { updateIssue } from './actions/update-issue.js';
import { linear } from './service.js';
import { newIssue } from './triggers/new-issue.js';

export const linearActions = [createIssue, getIssue, updateIssue, listIssues, searchIssues];
export const linearTriggers = [newIssue];
export { linear, createIssue, getIssue, updateIssue, listIssues, searchIssues, newIssue };
