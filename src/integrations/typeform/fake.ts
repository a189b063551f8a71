import { createHmac } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Typeform Create + Responses API fake (typeform.com/developers): `{ total_items, page_count, items }` lists,
 * forms paged with `page` + `page_size`, responses newest first (`submitted_at` desc) paged with `before=<token>`,
 * or in processing order after `after=<token>`; `query` searches answers, `since` keeps those submitted
 * at or after a time; errors `{ code, description }`
 * (401 AUTHENTICATION_FAILED, 404 FORM_NOT_FOUND, 400 VALIDATION_ERROR); webhook deliveries signed with
 * `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body>`.
 */
export interface TypeformAnswer {
  field: { id: string; ref: string; type: string };
  type: string;
  text?: string;
  email?: string;
  number?: number;
  boolean?: boolean;
  choice?: { label: string };
}
export interface TypeformResponse {
  landing_id: string;
  token: string;
  response_id: string;
  landed_at: string;
  submitted_at: string;
  answers: TypeformAnswer[];
  hidden: Record<string, string>;
}
export interface TypeformForm {
  id: string;
  title: string;
  last_updated_at: string;
  fields: { id: string; ref: string; title: string; type: string }[];
}
export interface TypeformFake extends FakeService {
  forms: TypeformForm[];
  /** form id → responses, in submission order. */
  responses: Map<string, TypeformResponse[]>;
  respond(formId: string, answers: { ref: string; text?: string; email?: string }[]): TypeformResponse;
  signedDelivery(formId: string, response: TypeformResponse, secret: string): { body: string; headers: Record<string, string> };
}

const fail = (reply: FastifyReply, status: number, code: string, description: string) => reply.code(status).send({ code, description });

export async function startTypeformFake(): Promise<TypeformFake> {
  const forms: TypeformForm[] = [
    { id: 'lT4Z3j', title: 'Contact us', last_updated_at: '2026-01-01T00:00:00Z', fields: [{ id: 'f1', ref: 'name', title: 'Your name?', type: 'short_text' }, { id: 'f2', ref: 'email', title: 'Your email?', type: 'email' }] },
    ...Array.from({ length: 4 }, (_, i) => ({ id: `form${i + 2}`, title: `Survey ${i + 2}`, last_updated_at: '2026-01-01T00:00:00Z', fields: [] })),
  ];
  const responses = new Map<string, TypeformResponse[]>(forms.map((f) => [f.id, []]));
  let clock = Date.parse('2026-01-02T00:00:00Z');
  let n = 0;
  const respond = (formId: string, answers: { ref: string; text?: string; email?: string }[]): TypeformResponse => {
    const form = forms.find((f) => f.id === formId)!;
    const token = `tok${String(++n).padStart(6, '0')}`;
    const at = new Date((clock += 60_000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const r: TypeformResponse = {
      landing_id: token,
      token,
      response_id: token,
      landed_at: at,
      submitted_at: at,
      hidden: {},
      answers: answers.map((a) => {
        const f = form.fields.find((x) => x.ref === a.ref)!;
        return { field: { id: f.id, ref: f.ref, type: f.type }, type: a.email !== undefined ? 'email' : 'text', ...(a.email !== undefined ? { email: a.email } : { text: a.text ?? '' }) };
      }),
    };
    responses.get(formId)!.push(r);
    return r;
  };

  const fake = await startFakeService({
    unauthorized: (reply) => fail(reply, 401, 'AUTHENTICATION_FAILED', 'Authentication credentials not found on the Request Headers'),
    routes(app) {
      app.get('/me', async () => ({ alias: 'ada', email: 'ada@example.com', language: 'en' }));
      app.get('/forms', async (req, reply) => {
        const q = req.query as Record<string, string>;
        const page = Number(q['page'] ?? 1);
        const size = Number(q['page_size'] ?? 10);
        if (!Number.isInteger(size) || size < 1 || size > 200) return fail(reply, 400, 'VALIDATION_ERROR', 'page_size must be between 1 and 200');
        const rows = forms.filter((f) => !q['search'] || f.title.toLowerCase().includes(q['search'].toLowerCase()));
        return { total_items: rows.length, page_count: Math.max(1, Math.ceil(rows.length / size)), items: rows.slice((page - 1) * size, page * size).map((f) => ({ id: f.id, title: f.title, last_updated_at: f.last_updated_at, _links: { display: `https://example.typeform.com/to/${f.id}` } })) };
      });
      app.get('/forms/:id', async (req, reply) => {
        const f = forms.find((x) => x.id === (req.params as { id: string }).id);
        return f ? { ...f, _links: { display: `https://example.typeform.com/to/${f.id}` } } : fail(reply, 404, 'FORM_NOT_FOUND', `Non existing form with uid ${(req.params as { id: string }).id}`);
      });
      app.get('/forms/:id/responses', async (req, reply) => {
        const { id } = req.params as { id: string };
        const all = responses.get(id);
        if (!all) return fail(reply, 404, 'FORM_NOT_FOUND', `Non existing form with uid ${id}`);
        const q = req.query as Record<string, string>;
        const size = Number(q['page_size'] ?? 25);
        if (!Number.isInteger(size) || size < 1 || size > 1000) return fail(reply, 400, 'VALIDATION_ERROR', 'page_size must be between 1 and 1000');
        if (q['before'] && q['after']) return fail(reply, 400, 'VALIDATION_ERROR', 'before and after cannot be used together');
        if (q['since'] && Number.isNaN(Date.parse(q['since']))) return fail(reply, 400, 'VALIDATION_ERROR', 'since must be a date-time');
        const matching = all.filter((r) => (!q['query'] || r.answers.some((a) => (a.text ?? a.email ?? '').toLowerCase().includes(q['query']!.toLowerCase()))) && (!q['since'] || Date.parse(r.submitted_at) >= Date.parse(q['since'])));
        let rows: TypeformResponse[];
        if (q['after']) {
          const i = matching.findIndex((r) => r.token === q['after']);
          rows = matching.slice(i + 1);
        } else {
          rows = [...matching].reverse();
          if (q['before']) rows = rows.slice(rows.findIndex((r) => r.token === q['before']) + 1);
        }
        return { total_items: rows.length, page_count: Math.max(1, Math.ceil(rows.length / size)), items: rows.slice(0, size) };
      });
    },
  });
  return Object.assign(fake, {
    forms,
    responses,
    respond,
    signedDelivery(formId: string, response: TypeformResponse, secret: string) {
      const body = JSON.stringify({ event_id: `ev-${response.token}`, event_type: 'form_response', form_response: { form_id: formId, ...response, definition: { id: formId, title: forms.find((f) => f.id === formId)?.title } } });
      return { body, headers: { 'content-type': 'application/json', 'typeform-signature': `sha256=${createHmac('sha256', secret).update(body).digest('base64')}` } };
    },
  });
}
