import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Brevo v3 fake (developers.brevo.com/reference): the key in the `api-key` header; errors `{ code, message }`
 * (401 `unauthorized` "Key not found", 400 `invalid_parameter`/`missing_parameter`, 404 `document_not_found`,
 * 429 with Retry-After). `POST /v3/smtp/email` answers 201 `{ messageId }`; `POST /v3/contacts` 201 `{ id }`, or 204
 * when `updateEnabled` updates an existing contact (400 `duplicate_parameter` without it); `GET /v3/contacts` pages
 * with `limit` (≤ 1000) and `offset` and answers `{ contacts, count }`; `GET /v3/contacts/{email or id}`.
 */
export interface BrevoContact { id: number; email: string; emailBlacklisted: boolean; smsBlacklisted: boolean; createdAt: string; modifiedAt: string; attributes: Record<string, unknown>; listIds: number[]; listUnsubscribed: number[] }
export interface BrevoFake extends FakeService {
  mails: Record<string, unknown>[];
  contacts: BrevoContact[];
}

const err = (reply: FastifyReply, status: number, code: string, message: string) => reply.code(status).send({ code, message });

export async function startBrevoFake(): Promise<BrevoFake> {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const contacts: BrevoContact[] = Array.from({ length: 120 }, (_, i) => {
    const at = new Date(t0 + i * 60_000).toISOString().replace('Z', '+00:00');
    return { id: i + 1, email: `person${i + 1}@example.com`, emailBlacklisted: false, smsBlacklisted: false, createdAt: at, modifiedAt: at, attributes: { FIRSTNAME: `P${i + 1}` }, listIds: [2], listUnsubscribed: [] };
  });
  const state = { mails: [] as Record<string, unknown>[], contacts };
  const fake = await startFakeService({
    unauthorized: (reply) => reply.code(401).send({ code: 'unauthorized', message: 'Key not found' }),
    readToken: (req) => (typeof req.headers['api-key'] === 'string' ? req.headers['api-key'] : undefined),
    routes(app) {
      app.get('/v3/account', async () => ({ email: 'ada@atom.example', firstName: 'Ada', lastName: 'Lovelace', companyName: 'Atom', plan: [{ type: 'free', creditsType: 'sendLimit', credits: 300 }] }));
      app.post('/v3/smtp/email', async (req, reply) => {
        const b = (req.body ?? {}) as { sender?: { email?: string }; to?: { email: string }[]; subject?: string; htmlContent?: string; textContent?: string };
        if (!b.sender?.email) return err(reply, 400, 'missing_parameter', 'sender is missing');
        if (b.sender.email.endsWith('@unverified.example')) return err(reply, 400, 'invalid_parameter', 'Sender is invalid / inactive');
        if (!b.to?.length) return err(reply, 400, 'missing_parameter', 'to is missing');
        if (!b.htmlContent && !b.textContent) return err(reply, 400, 'missing_parameter', 'htmlContent is not valid');
        state.mails.push(b);
        return reply.code(201).send({ messageId: `<20260101.${state.mails.length}@smtp-relay.mailin.fr>` });
      });
      app.post('/v3/contacts', async (req, reply) => {
        const b = (req.body ?? {}) as { email?: string; attributes?: Record<string, unknown>; listIds?: number[]; updateEnabled?: boolean };
        if (!b.email) return err(reply, 400, 'missing_parameter', 'email is missing');
        const now = new Date().toISOString().replace('Z', '+00:00');
        const known = state.contacts.find((c) => c.email === b.email!.toLowerCase());
        if (known) {
          if (!b.updateEnabled) return err(reply, 400, 'duplicate_parameter', 'Unable to create contact, email is already associated with another Contact');
          Object.assign(known.attributes, b.attributes ?? {});
          known.listIds = [...new Set([...known.listIds, ...(b.listIds ?? [])])];
          known.modifiedAt = now;
          return reply.code(204).send();
        }
        const c: BrevoContact = { id: state.contacts.length + 1, email: b.email.toLowerCase(), emailBlacklisted: false, smsBlacklisted: false, createdAt: now, modifiedAt: now, attributes: b.attributes ?? {}, listIds: b.listIds ?? [], listUnsubscribed: [] };
        state.contacts.push(c);
        return reply.code(201).send({ id: c.id });
      });
      app.get('/v3/contacts/:identifier', async (req, reply) => {
        const id = decodeURIComponent((req.params as { identifier: string }).identifier).toLowerCase();
        const c = state.contacts.find((x) => x.email === id || String(x.id) === id);
        if (!c) return err(reply, 404, 'document_not_found', 'Contact does not exist');
        return { ...c, statistics: {} };
      });
      app.get('/v3/contacts', async (req, reply) => {
        const q = req.query as Record<string, string | undefined>;
        const limit = Number(q['limit'] ?? 50);
        const offset = Number(q['offset'] ?? 0);
        if (!Number.isInteger(limit) || limit < 0 || limit > 1000) return err(reply, 400, 'out_of_range', 'Limit exceeds max value');
        let all = [...state.contacts];
        if (q['modifiedSince']) {
          const since = Date.parse(q['modifiedSince']);
          if (Number.isNaN(since)) return err(reply, 400, 'invalid_parameter', 'modifiedSince is not valid');
          all = all.filter((c) => Date.parse(c.modifiedAt) >= since);
        }
        if (q['sort'] !== 'asc') all.reverse();
        return { contacts: all.slice(offset, offset + limit), count: all.length };
      });
    },
  });
  return Object.assign(fake, state);
}
