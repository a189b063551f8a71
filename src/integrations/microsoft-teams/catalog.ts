import { entry, microsoft } from '../catalog/data/build.js';

/** Microsoft Teams in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('chat', 'microsoft-teams', 'Microsoft Teams', 'Teams, channels and chat messages through Microsoft Graph.', 'https://www.microsoft.com/microsoft-teams', 'https://learn.microsoft.com/graph/api/resources/teams-api-overview', 'https://graph.microsoft.com/v1.0', microsoft(['ChannelMessage.Send', 'Channel.ReadBasic.All', 'Team.ReadBasic.All']));
