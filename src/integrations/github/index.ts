import { registerServiceProfile } from '../profiles.js';
import { addComment } from './actions/add-comment.js';
import { createIssue } from './actions/create-issue.js';
import { listPullRequests } from './actions/list-pull-requests.js';
import { githubProfile } from './auth.js';
import { newIssue } from './triggers/new-issue.js';

registerServiceProfile(githubProfile);

export const githubActions = [createIssue, addComment, listPullRequests];
export const githubTriggers = [newIssue];
export { createIssue, addComment, listPullRequests, newIssue };
