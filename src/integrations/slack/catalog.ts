import { entry, oauth2 } from '../catalog/data/build.js';

/** Slack in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('chat', 'slack', 'Slack', 'Channels, messages and people in a Slack workspace.', 'https://slack.com', 'https://api.slack.com/methods', 'https://slack.com/api', oauth2('https://slack.com/oauth/v2/authorize', 'https://slack.com/api/oauth.v2.access', ['channels:read', 'channels:history', 'chat:write', 'users:read', 'users:read.email'], { revokeUrl: 'https://slack.com/api/auth.revoke', provider: 'slack' }));
