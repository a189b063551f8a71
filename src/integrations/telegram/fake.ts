import type { FastifyReply, FastifyRequest } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Telegram Bot API fake (core.telegram.org/bots/api): `https://api.telegram.org/bot<token>/<method>`, answers
 * `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }` (401 "Unauthorized",
 * 400 "Bad Request: chat not found", 403 "Forbidden: bot was blocked by the user", 404 "Not Found" for an
 * unknown method, 429 "Too Many Requests: retry after N" with `parameters.retry_after`). `getUpdates` hands out
 * queued updates from `offset` (up to `limit`, 1-100) and forgets those below the offset; a negative offset
 * counts from the end of the queue.
 */
export interface TelegramUpdate {
  update_id: number;
  message?: { message_id: number; date: number; chat: { id: number; type: string; title?: string; username?: string }; from?: { id: number; is_bot: boolean; first_name: string; username?: string }; text?: string };
}

export interface TelegramFake extends FakeService {
  updates: TelegramUpdate[];
  sent: { chat_id: string; text?: string; photo?: string; caption?: string }[];
  /** A person writes to the bot in a chat; returns the update. */
  incoming(text: string, chatId?: number): TelegramUpdate;
}

const chats: Record<string, { id: number; type: string; title?: string; username?: string; first_name?: string }> = {
  '42': { id: 42, type: 'private', first_name: 'Ada', username: 'ada' },
  '-1001': { id: -1001, type: 'supergroup', title: 'Ops' },
  '@atom_news': { id: -1002, type: 'channel', title: 'Atom news', username: 'atom_news' },
};
const blocked = '7';

export async function startTelegramFake(): Promise<TelegramFake> {
  const updates: TelegramUpdate[] = [];
  const sent: TelegramFake['sent'] = [];
  let updateId = 500;
  let messageId = 1000;
  const incoming = (text: string, chatId = 42): TelegramUpdate => {
    const chat = Object.values(chats).find((c) => c.id === chatId) ?? { id: chatId, type: 'private' };
    const u = { update_id: ++updateId, message: { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat, from: { id: 9, is_bot: false, first_name: 'Ada', username: 'ada' }, text } };
    updates.push(u);
    return u;
  };
  const fail = (reply: FastifyReply, code: number, description: string, parameters?: unknown) => reply.code(code).send({ ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });
  const params = (req: FastifyRequest): Record<string, unknown> => ({ ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) });
  const chatOf = (id: unknown) => chats[String(id)];

  const fake = await startFakeService({
    // The token is part of the path; tokens look like 123456:ABC...
    readToken: (req) => /^\/bot([^/]+)\//.exec(req.url)?.[1],
    unauthorized: (reply) => fail(reply, 401, 'Unauthorized'),
    routes(app) {
      app.all('/bot:token/:method', async (req, reply) => {
        const { method } = req.params as { method: string };
        const p = params(req);
        switch (method) {
          case 'getMe':
            return { ok: true, result: { id: 77, is_bot: true, first_name: 'Atom', username: 'atom_test_bot' } };
          case 'sendMessage':
          case 'sendPhoto': {
            const chat = chatOf(p['chat_id']);
            if (String(p['chat_id']) === blocked) return fail(reply, 403, 'Forbidden: bot was blocked by the user');
            if (!chat) return fail(reply, 400, 'Bad Request: chat not found');
            if (method === 'sendMessage' && !p['text']) return fail(reply, 400, 'Bad Request: message text is empty');
            if (p['parse_mode'] === 'HTML' && /<(?!\/?(b|i|u|s|a|code|pre)\b)/.test(String(p['text']))) return fail(reply, 400, "Bad Request: can't parse entities: Unsupported start tag");
            sent.push({ chat_id: String(p['chat_id']), ...(p['text'] ? { text: String(p['text']) } : {}), ...(p['photo'] ? { photo: String(p['photo']) } : {}), ...(p['caption'] ? { caption: String(p['caption']) } : {}) });
            return { ok: true, result: { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat, ...(p['text'] ? { text: p['text'] } : {}), ...(p['photo'] ? { photo: [{ file_id: 'ph1', width: 800, height: 600 }], caption: p['caption'] } : {}) } };
          }
          case 'getChat': {
            const chat = chatOf(p['chat_id']);
            return chat ? { ok: true, result: chat } : fail(reply, 400, 'Bad Request: chat not found');
          }
          case 'getUpdates': {
            const limit = Number(p['limit'] ?? 100);
            if (!Number.isInteger(limit) || limit < 1 || limit > 100) return fail(reply, 400, 'Bad Request: limit must be between 1 and 100');
            const offset = p['offset'] === undefined ? undefined : Number(p['offset']);
            // An offset confirms every update below it: they are never returned again.
            if (offset !== undefined && offset > 0) for (let i = updates.length - 1; i >= 0; i--) if (updates[i]!.update_id < offset) updates.splice(i, 1);
            const from = offset !== undefined && offset < 0 ? updates.slice(offset) : updates;
            return { ok: true, result: from.slice(0, limit) };
          }
          default:
            return fail(reply, 404, 'Not Found');
        }
      });
    },
  });
  return Object.assign(fake, { updates, sent, incoming });
}
