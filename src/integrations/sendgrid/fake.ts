import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * SendGrid v3 fake (twilio.com/docs/sendgrid/api-reference): Bearer API key; errors `{ errors: [{ field, message }] }`
 * (401 "The provided authorization grant is invalid, expired, or revoked", 400 per field, 429 with Retry-After).
 * `POST /v3/mail/send` answers 202 with an empty body and `X-Message-Id`; Marketing contacts upsert (`PUT`) answers
 * 202 `{ job_id }`; lists page with `page_size` and an absolute `_metadata.next` link.
 */
export interface SendGridFake extends FakeService {
  mails: { personalizations: { to: { email: string }[] }[]; from: { email: string }; subject: string; content: { type: string; value: string }[] }[];
  contacts: { id: string; email: string; first_name?: string; last_name?: string; list_ids: string[] }[];
  lists: { id: string; name: string; contact_count: number }[];
}

const fieldError = (field: string, message: string) => ({ errors: [{ field, message }] });

export async function startSendGridFake(): Promise<SendGridFake> {
  const state = {
    mails: [] as SendGridFake['mails'],
    contacts: [] as SendGridFake['contacts'],
    lists: Array.from({ length: 130 }, (_, i) => ({ id: `list-${String(i + 1).padStart(3, '0')}`, name: `List ${i + 1}`, contact_count: i })),
  };
  const fake = await startFakeService({
    unauthorized: (reply) => reply.code(401).send({ errors: [{ field: null, message: 'The provided authorization grant is invalid, expired, or revoked' }] }),
    routes(app, f) {
      app.get('/v3/user/profile', async () => ({ first_name: 'Ada', last_name: 'Lovelace', company: 'Atom' }));
      app.post('/v3/mail/send', async (req, reply) => {
        const b = (req.body ?? {}) as SendGridFake['mails'][number];
        if (!b.from?.email) return reply.code(400).send(fieldError('from.email', 'The from email does not contain a valid address.'));
        if (!b.personalizations?.[0]?.to?.length) return reply.code(400).send(fieldError('personalizations.0.to', 'The to array is required for all personalization objects, and must have at least one email object with a valid email address.'));
        if (b.from.email.endsWith('@unverified.example')) return reply.code(403).send({ errors: [{ field: 'from', message: 'The from address does not match a verified Sender Identity.' }] });
        state.mails.push(b);
        return reply.code(202).header('x-message-id', `msg-${state.mails.length}`).send();
      });
      app.put('/v3/marketing/contacts', async (req, reply) => {
        const b = (req.body ?? {}) as { list_ids?: string[]; contacts?: { email: string; first_name?: string; last_name?: string }[] };
        if (!b.contacts?.length) return reply.code(400).send(fieldError('contacts', 'contacts is required'));
        for (const c of b.contacts) {
          const known = state.contacts.find((x) => x.email === c.email.toLowerCase());
          if (known) Object.assign(known, c, { list_ids: [...new Set([...known.list_ids, ...(b.list_ids ?? [])])] });
          else state.contacts.push({ id: `c-${state.contacts.length + 1}`, ...c, email: c.email.toLowerCase(), list_ids: b.list_ids ?? [] });
        }
        return reply.code(202).send({ job_id: `job-${Date.now()}` });
      });
      app.post('/v3/marketing/contacts/search', async (req, reply) => {
        const q = String((req.body as { query?: string } | undefined)?.query ?? '');
        // The subset of SGQL the client sends: email = '<value>' (quotes doubled).
        const m = /^email = '((?:[^']|'')*)'$/.exec(q);
        if (!m) return reply.code(400).send(fieldError('query', `Invalid query: ${q}`));
        const email = m[1]!.replaceAll("''", "'").toLowerCase();
        const result = state.contacts.filter((c) => c.email === email);
        return { result, contact_count: result.length };
      });
      app.get('/v3/marketing/lists', async (req) => {
        const q = req.query as Record<string, string>;
        const size = Math.min(Number(q['page_size'] ?? 100), 1000);
        const start = Number(q['page_token'] ?? 0);
        const result = state.lists.slice(start, start + size);
        const more = start + size < state.lists.length;
        return { result, _metadata: { self: `${f.url}/v3/marketing/lists?page_size=${size}&page_token=${start}`, ...(more ? { next: `${f.url}/v3/marketing/lists?page_size=${size}&page_token=${start + size}` } : {}), count: state.lists.length } };
      });
    },
  });
  return Object.assign(fake, state);
}
