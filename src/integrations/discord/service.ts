import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** Discord errors (discord.com/developers/docs/topics/opcodes-and-status-codes#json): `{ message, code, errors? }`. */
const discordError = z.object({ message: z.string(), code: z.number().optional(), errors: z.unknown().optional() }).loose();

/** The first field message of an "Invalid Form Body" (50035): `content: Must be 2000 or fewer in length.` */
function firstFieldError(errors: unknown, path: string[] = []): string | undefined {
  if (!errors || typeof errors !== 'object') return undefined;
  const own = (errors as { _errors?: { message?: string }[] })._errors?.[0]?.message;
  if (own) return `${path.join('.')}: ${own}`;
  for (const [k, v] of Object.entries(errors)) {
    const found = firstFieldError(v, [...path, k]);
    if (found) return found;
  }
  return undefined;
}

export const readDiscordFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = discordError.safeParse(body).data;
  if (!e) return undefined;
  const providerCode = e.code !== undefined ? String(e.code) : undefined;
  if (status === 401) return { message: 'the bot token is not valid; reconnect Discord with the token from the developer portal' };
  if (status === 403) return { ...(providerCode ? { providerCode } : {}), message: `“${e.message}” (the bot lacks the permission in that server or channel)` };
  const detail = e.code === 50035 ? firstFieldError(e.errors) : undefined;
  return { ...(providerCode ? { providerCode } : {}), message: `“${e.message}”${detail ? ` (${detail})` : ''}` };
};

export const discord = defineRestService({
  id: 'discord',
  name: 'Discord',
  auth: { apiKey: { header: 'Authorization', prefix: 'Bot ' } },
  readFault: readDiscordFault,
  // Global limit of 50 requests per second per bot; per-route buckets are lower (5 messages per 5 s per channel).
  limits: { concurrency: 2, ratePerSecond: 5, burst: 10 },
  async check(client, signal) {
    const me = await client.call({ path: 'users/@me', ...(signal ? { signal } : {}) }, z.object({ username: z.string() }).loose());
    return { accountLabel: me.username };
  },
});

/** A Discord snowflake id (a 64-bit number as text). */
export const snowflake = z.string().regex(/^\d{1,20}$/, { error: 'must be a Discord id (digits; copy it with Developer Mode on)' });

export const discordMessage = z
  .object({
    id: z.string(),
    channel_id: z.string(),
    content: z.string(),
    timestamp: z.string(),
    author: z.object({ id: z.string(), username: z.string(), bot: z.boolean().optional() }).loose(),
  })
  .loose();
export const messageOut = z.object({ id: z.string(), channelId: z.string(), content: z.string(), timestamp: z.string(), author: z.string(), authorIsBot: z.boolean() });
export const toMessage = (m: z.output<typeof discordMessage>): z.input<typeof messageOut> => ({ id: m.id, channelId: m.channel_id, content: m.content, timestamp: m.timestamp, author: m.author.username, authorIsBot: m.author.bot ?? false });
/** Snowflakes compare as numbers; padded text keeps that order without 64-bit arithmetic. */
export const snowflakeKey = (id: string) => id.padStart(20, '0');
