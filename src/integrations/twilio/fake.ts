import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Twilio Messaging fake (twilio.com/docs/messaging/api/message-resource, API 2010-04-01): HTTP Basic with the
 * Account SID and auth token, form-encoded writes, JSON answers; lists page with `PageSize` and a relative
 * `next_page_uri`; errors `{ code, message, more_info, status }` (20003 Authenticate 401, 20404 not found,
 * 21211 invalid To number, 21606 From number not owned, 20429 Too Many Requests).
 */
export interface TwilioMessage {
  sid: string;
  account_sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  direction: 'inbound' | 'outbound-api';
  date_created: string;
  num_media: string;
}

export interface TwilioFake extends FakeService {
  messages: TwilioMessage[];
  /** An SMS arriving at one of the account's numbers. */
  receive(from: string, to: string, body: string): TwilioMessage;
}

export const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const OWN_NUMBERS = new Set(['+15005550006', '+14155550100']);
const e164 = /^\+[1-9]\d{6,14}$/;

export async function startTwilioFake(): Promise<TwilioFake> {
  const messages: TwilioMessage[] = [];
  let n = 0;
  const add = (m: Omit<TwilioMessage, 'sid' | 'account_sid' | 'date_created' | 'num_media'>) => {
    n++;
    const msg: TwilioMessage = { sid: `SM${String(n).padStart(32, '0')}`, account_sid: ACCOUNT, date_created: new Date(Date.UTC(2026, 0, 1) + n * 1000).toUTCString(), num_media: '0', ...m };
    messages.push(msg);
    return msg;
  };
  const receive = (from: string, to: string, body: string) => add({ from, to, body, status: 'received', direction: 'inbound' });
  const error = (status: number, code: number, message: string) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  const base = `/2010-04-01/Accounts/${ACCOUNT}`;

  const fake = await startFakeService({
    readToken: (req) => {
      const m = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      if (!m) return undefined;
      const [user, pass] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
      return user === ACCOUNT ? pass : undefined;
    },
    unauthorized: (reply) => reply.code(401).send(error(401, 20003, 'Authenticate')),
    routes(app) {
      app.get(`${base}.json`, async () => ({ sid: ACCOUNT, friendly_name: 'Atom test account', status: 'active' }));
      app.post(`${base}/Messages.json`, async (req, reply) => {
        const b = (req.body ?? {}) as Record<string, string>;
        if (!b['To'] || !e164.test(b['To'])) return reply.code(400).send(error(400, 21211, `Invalid 'To' Phone Number: ${b['To'] ?? ''}`));
        if (!b['MessagingServiceSid'] && !OWN_NUMBERS.has(b['From'] ?? '')) return reply.code(400).send(error(400, 21606, `The From phone number ${b['From'] ?? ''} is not a valid, SMS-capable inbound phone number or short code for your account.`));
        if (!b['Body'] && !b['MediaUrl']) return reply.code(400).send(error(400, 21602, 'Message body is required.'));
        const m = add({ to: b['To'], from: b['From'] ?? '+15005550006', body: b['Body'] ?? '', status: 'queued', direction: 'outbound-api' });
        return reply.code(201).send(m);
      });
      app.get(`${base}/Messages.json`, async (req) => {
        const q = req.query as Record<string, string>;
        const size = Math.min(Number(q['PageSize'] ?? 50), 1000);
        const page = Number(q['Page'] ?? 0);
        // Newest first, as Twilio lists them.
        const all = [...messages].reverse().filter((m) => (!q['To'] || m.to === q['To']) && (!q['From'] || m.from === q['From']));
        const slice = all.slice(page * size, (page + 1) * size);
        const more = (page + 1) * size < all.length;
        const filters = `${q['To'] ? `&To=${encodeURIComponent(q['To'])}` : ''}${q['From'] ? `&From=${encodeURIComponent(q['From'])}` : ''}`;
        return { messages: slice, page, page_size: size, next_page_uri: more ? `${base}/Messages.json?PageSize=${size}&Page=${page + 1}&PageToken=PA${page + 1}${filters}` : null };
      });
      app.get(`${base}/Messages/:sid`, async (req, reply) => {
        const sid = (req.params as { sid: string }).sid.replace(/\.json$/, '');
        const m = messages.find((x) => x.sid === sid);
        return m ?? reply.code(404).send(error(404, 20404, `The requested resource ${base}/Messages/${sid}.json was not found`));
      });
    },
  });
  return Object.assign(fake, { messages, receive });
}
