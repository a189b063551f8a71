import { entry, oauth2 } from '../catalog/data/build.js';

/** Linear in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('project_management', 'linear', 'Linear', 'Issues, cycles and projects in Linear.', 'https://linear.app', 'https://developers.linear.app/docs/graphql/working-with-the-graphql-api', 'https://api.linear.app/graphql', oauth2('https://linear.app/oauth/authorize', 'https://api.linear.app/oauth/token', ['read', 'write'], { revokeUrl: 'https://api.linear.app/oauth/revoke' }));
