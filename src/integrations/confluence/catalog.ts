import { entry, oauth2 } from '../catalog/data/build.js';

/** Confluence in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('docs_notes', 'confluence', 'Confluence', 'Spaces and pages in Confluence Cloud.', 'https://www.atlassian.com/software/confluence', 'https://developer.atlassian.com/cloud/confluence/rest/v2/', 'https://api.atlassian.com/ex/confluence', oauth2('https://auth.atlassian.com/authorize', 'https://auth.atlassian.com/oauth/token', ['read:confluence-content.all', 'write:confluence-content', 'offline_access']));
