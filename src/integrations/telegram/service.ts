import { z } from 'zod';
import { AppError } from '../../platform/index.js';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';
import type { PieceContext } from '../pieces.js';

/** Bot API errors (core.telegram.org/bots/api#making-requests): `{ ok: false, error_code, description }`. */
const telegramError = z.object({ ok: z.literal(false), error_code: z.number(), description: z.string() }).loose();

export const readTelegramFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = telegramError.safeParse(body).data;
  if (!e) return undefined;
  if (status === 401) return { message: 'the bot token is not valid; reconnect Telegram with the token @BotFather gave' };
  const text = e.description.replace(/^(Bad Request|Forbidden|Conflict): /, '');
  if (/chat not found|user not found/i.test(text)) return { code: 'integrations.http.not_found', message: `“${text}” (the bot must be a member of the chat, or the person must have started it)` };
  if (status === 409) return { message: `“${text}” (another program reads this bot’s updates, or a webhook is set; remove it with deleteWebhook)` };
  return { message: `“${text}”` };
};

export const telegram = defineRestService({
  id: 'telegram',
  name: 'Telegram',
  // The catalog's header carries the token too, but the Bot API reads it from the path (bot<token>/<method>).
  auth: { apiKey: { header: 'X-Telegram-Bot-Token' } },
  readFault: readTelegramFault,
  // About 30 messages per second overall and 1 per second per chat (core.telegram.org/bots/faq).
  limits: { concurrency: 2, ratePerSecond: 20, burst: 30 },
});

/** A chat: its numeric id (negative for groups and channels) or a public channel's @username. */
export const chatId = z.union([z.number().int(), z.string().regex(/^(-?\d+|@[A-Za-z][A-Za-z0-9_]{3,31})$/, { error: 'must be a numeric chat id or a public @channelname' })]);

/**
 * One Bot API call: `bot<token>/<method>` with JSON parameters, the answer's `result` validated. The token is
 * read from the connection for each call and only ever goes to the service's own base URL.
 */
export async function callBot<S extends z.ZodType>(ctx: PieceContext, method: string, params: Record<string, unknown>, result: S, o: { idempotent?: boolean } = {}): Promise<z.output<S>> {
  const creds = await ctx.connection?.credentials();
  if (creds?.kind !== 'api_key') throw new AppError('integrations.credentials_mismatch', 'The Telegram connection holds no bot token; reconnect it.', { status: 422 });
  const answer = await ctx.client.call(
    { method: 'POST', path: `bot${creds.apiKey}/${method}`, json: params, ...(o.idempotent ? { idempotent: true } : {}), signal: ctx.signal },
    z.object({ ok: z.literal(true), result: z.unknown() }),
  );
  return result.parse(answer.result);
}

export const telegramChat = z.object({ id: z.number(), type: z.string(), title: z.string().optional(), username: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() }).loose();
export const telegramMessage = z
  .object({ message_id: z.number(), date: z.number(), chat: telegramChat, from: z.object({ id: z.number(), is_bot: z.boolean(), first_name: z.string(), username: z.string().optional() }).loose().optional(), text: z.string().optional(), caption: z.string().optional() })
  .loose();
export const messageOut = z.object({ messageId: z.number(), chatId: z.number(), chatTitle: z.string(), date: z.string(), from: z.string().nullable(), text: z.string() });
const chatTitle = (c: z.output<typeof telegramChat>) => c.title ?? ([c.first_name, c.last_name].filter(Boolean).join(' ') || c.username || String(c.id));
export const toMessage = (m: z.output<typeof telegramMessage>): z.input<typeof messageOut> => ({
  messageId: m.message_id,
  chatId: m.chat.id,
  chatTitle: chatTitle(m.chat),
  date: new Date(m.date * 1000).toISOString(),
  from: m.from ? (m.from.username ?? m.from.first_name) : null,
  text: m.text ?? m.caption ?? '',
});
export { chatTitle };
