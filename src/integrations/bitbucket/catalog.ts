import { entry, oauth2 } from '../catalog/data/build.js';

/** Bitbucket in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('dev_tools', 'bitbucket', 'Bitbucket', 'Git repositories and pull requests by Atlassian.', 'https://bitbucket.org', 'https://developer.atlassian.com/cloud/bitbucket/rest/', 'https://api.bitbucket.org/2.0', oauth2('https://bitbucket.org/site/oauth2/authorize', 'https://bitbucket.org/site/oauth2/access_token', ['repository', 'pullrequest']));
