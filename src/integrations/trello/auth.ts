import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import type { ServiceProfile } from '../profiles.js';

/** Trello answers errors as plain text ("invalid id", "invalid token") or `{ message, error }`. */
export const readTrelloFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const text = typeof body === 'string' ? body : z.object({ message: z.string() }).loose().safeParse(body).data?.message;
  if (!text) return undefined;
  if (/invalid token|unauthorized/i.test(text)) return { code: 'integrations.http.unauthorized', message: 'the token is not valid; reconnect Trello' };
  if (/invalid id|not found/i.test(text)) return { code: 'integrations.http.not_found', message: 'the board, list or card does not exist' };
  return { message: `“${text.trim()}”` };
};

export const trelloProfile: ServiceProfile = {
  serviceId: 'trello',
  readFault: readTrelloFault,
  // 100 requests per 10 seconds per token.
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'members/me', query: { fields: 'username' }, signal }, z.object({ username: z.string() }).loose());
    return { accountLabel: me.username };
  },
};
