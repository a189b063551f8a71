export { bitbucket, bitbucketActions, bitbucketTriggers, listPullRequests, getPullRequest, createPullRequest, updatePullRequest, newPullRequest } from './service.js';
