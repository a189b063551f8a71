import { bearerKey, entry } from '../catalog/data/build.js';

/** Mattermost in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('chat', 'mattermost', 'Mattermost', 'Self-hosted team chat.', 'https://mattermost.com', 'https://api.mattermost.com', 'https://mattermost.example.com/api/v4', bearerKey('Profile > Security > Personal access tokens.'));
