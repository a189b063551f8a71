import { entry, oauth2 } from '../catalog/data/build.js';

/** Jira in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('project_management', 'jira', 'Jira', 'Issues, projects and sprints in Jira Cloud.', 'https://www.atlassian.com/software/jira', 'https://developer.atlassian.com/cloud/jira/platform/rest/v3/', 'https://api.atlassian.com/ex/jira', oauth2('https://auth.atlassian.com/authorize', 'https://auth.atlassian.com/oauth/token', ['read:jira-work', 'write:jira-work', 'offline_access']));
