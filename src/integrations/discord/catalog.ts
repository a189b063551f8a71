import { entry, headerKey } from '../catalog/data/build.js';

/** Discord in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('chat', 'discord', 'Discord', 'Servers, channels and messages through a Discord bot.', 'https://discord.com', 'https://discord.com/developers/docs/reference', 'https://discord.com/api/v10', headerKey('Authorization', 'Bot token from the Discord developer portal.', 'Bot '));
