import { addComment } from './actions/add-comment.js';
import { createIssue } from './actions/create-issue.js';
import { getIssue } from './actions/get-issue.js';
import { searchIssues } from './actions/search-issues.js';
import { updateIssue } from './actions/update-issue.js';
import { jira } from './service.js';
import { newIssue } from './triggers/new-issue.js';

export const jiraActions = [createIssue, getIssue, updateIssue, searchIssues, addComment];
export const jiraTriggers = [newIssue];
export { jira, createIssue, getIssue, updateIssue, searchIssues, addComment, newIssue };
