import { z } from 'zod';
import { AppError } from '../../platform/index.js';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';
import type { PieceContext } from '../pieces.js';

/** Twilio REST errors (twilio.com/docs/usage/twilios-response#response-formats-exceptions): `{ code, message, more_info, status }`. */
const twilioError = z.object({ code: z.number(), message: z.string(), more_info: z.string().optional() }).loose();

export const readTwilioFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = twilioError.safeParse(body).data;
  if (status === 401) return { message: 'the Account SID or auth token is not valid; reconnect Twilio' };
  if (!e) return undefined;
  return { providerCode: String(e.code), message: `“${e.message}” (error ${e.code})` };
};

export const twilio = defineRestService({
  id: 'twilio',
  name: 'Twilio',
  auth: 'basic',
  readFault: readTwilioFault,
  // Twilio queues messages per sender (1 per second for long codes); API calls are limited per account.
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
});

/** The account the connection signs as: Basic auth's user is the Account SID, which the paths also name. */
export async function accountPath(ctx: PieceContext): Promise<string> {
  const creds = await ctx.connection?.credentials();
  if (creds?.kind !== 'basic' || !/^AC[0-9a-f]{32}$/i.test(creds.username)) throw new AppError('integrations.credentials_mismatch', 'The Twilio connection needs the Account SID (AC…) as user name and the auth token as password; reconnect it.', { status: 422 });
  return `Accounts/${creds.username}`;
}

export const phone = z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'must be a phone number in E.164 form, such as +14155550100' });
export const twilioMessage = z.object({ sid: z.string(), to: z.string(), from: z.string().nullable(), body: z.string(), status: z.string(), direction: z.string(), date_created: z.string().nullable() }).loose();
export const messageOut = z.object({ sid: z.string(), to: z.string(), from: z.string().nullable(), body: z.string(), status: z.string(), direction: z.string(), createdAt: z.string().nullable() });
export const toMessage = (m: z.output<typeof twilioMessage>): z.input<typeof messageOut> => ({
  sid: m.sid,
  to: m.to,
  from: m.from,
  body: m.body,
  status: m.status,
  direction: m.direction,
  // Twilio dates are RFC 2822 ("Thu, 01 Jan 2026 00:00:01 +0000").
  createdAt: m.date_created ? new Date(m.date_created).toISOString() : null,
});
export const messagePage = z.object({ messages: z.array(twilioMessage), next_page_uri: z.string().nullable().optional() }).loose();

/** Every message of a list, following Twilio's relative `next_page_uri` (which starts at the API version). */
export async function listAll(ctx: PieceContext, query: Record<string, string | number | undefined>, max: number) {
  const out: z.output<typeof twilioMessage>[] = [];
  let req: { path: string; query?: Record<string, string | number | undefined> } = { path: `${await accountPath(ctx)}/Messages.json`, query: { ...query, PageSize: Math.min(max, 100) } };
  for (let page = 0; page < 50 && out.length < max; page++) {
    const p = await ctx.client.call({ ...req, signal: ctx.signal }, messagePage);
    out.push(...p.messages);
    if (!p.next_page_uri) break;
    req = { path: new URL(p.next_page_uri.replace(/^\/2010-04-01\//, ''), `${ctx.client.baseUrl.replace(/\/+$/, '')}/`).href };
  }
  return out.slice(0, max);
}
