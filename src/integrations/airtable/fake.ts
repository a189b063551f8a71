import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Airtable Web API fake (airtable.com/developers/web/api): `/v0/{baseId}/{table}` records
 * `{ id, createdTime, fields }`, lists paged with `pageSize` (max 100) + `offset` (an opaque token answered while
 * more remain), `filterByFormula` (this fake knows `{Field} = 'value'` and
 * `IS_AFTER(CREATED_TIME(), 'iso')`), writes as `{ fields }` or `{ records: [...] }` (at most 10), errors
 * `{ error: { type, message } }` (401 AUTHENTICATION_REQUIRED, 404 NOT_FOUND / MODEL_ID_NOT_FOUND,
 * 422 UNKNOWN_FIELD_NAME / INVALID_FILTER_BY_FORMULA / INVALID_REQUEST_UNKNOWN).
 */
export interface AirtableRecord {
  id: string;
  createdTime: string;
  fields: Record<string, unknown>;
}
export interface AirtableFake extends FakeService {
  /** `${baseId}/${table}` → records, oldest first; tables not here answer 404. */
  tables: Map<string, AirtableRecord[]>;
  /** Field names each table knows (writes naming others are 422). */
  fields: Map<string, string[]>;
  add(table: string, fields: Record<string, unknown>, createdTime?: string): AirtableRecord;
}

const fail = (reply: FastifyReply, status: number, type: string, message: string) => reply.code(status).send({ error: { type, message } });

export async function startAirtableFake(): Promise<AirtableFake> {
  const tables = new Map<string, AirtableRecord[]>([['appBase1/Leads', []]]);
  const fields = new Map<string, string[]>([['appBase1/Leads', ['Name', 'Email', 'Status']]]);
  let n = 0;
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  const add = (table: string, f: Record<string, unknown>, createdTime?: string): AirtableRecord => {
    const r = { id: `rec${String(++n).padStart(14, '0')}`, createdTime: createdTime ?? new Date((clock += 1000)).toISOString(), fields: f };
    tables.get(table)?.push(r);
    return r;
  };
  const matches = (formula: string | undefined): ((r: AirtableRecord) => boolean) | 'invalid' => {
    if (!formula) return () => true;
    const eq = /^\{([^}]+)\}\s*=\s*'((?:[^'\\]|\\.)*)'$/.exec(formula);
    if (eq) return (r) => String(r.fields[eq[1]!] ?? '') === eq[2]!.replace(/\\(.)/g, '$1');
    const after = /^IS_AFTER\(CREATED_TIME\(\),\s*'([^']+)'\)$/.exec(formula);
    if (after && !Number.isNaN(Date.parse(after[1]!))) return (r) => Date.parse(r.createdTime) > Date.parse(after[1]!);
    return 'invalid';
  };
  const unknownField = (table: string, f: Record<string, unknown>) => Object.keys(f).find((k) => !(fields.get(table) ?? []).includes(k));

  const fake = await startFakeService({
    unauthorized: (reply) => fail(reply, 401, 'AUTHENTICATION_REQUIRED', 'Authentication required'),
    routes(app) {
      app.get('/v0/meta/whoami', async () => ({ id: 'usr1', email: 'ada@example.com' }));
      app.get('/v0/:base/:table', async (req, reply) => {
        const { base, table } = req.params as { base: string; table: string };
        const key = `${base}/${decodeURIComponent(table)}`;
        const rows = tables.get(key);
        if (!rows) return reply.code(404).send({ error: 'NOT_FOUND' });
        const q = req.query as Record<string, string>;
        const pageSize = Number(q['pageSize'] ?? 100);
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return fail(reply, 422, 'INVALID_REQUEST_UNKNOWN', 'Invalid request: parameter validation failed. Check your request data.');
        const test = matches(q['filterByFormula']);
        if (test === 'invalid') return fail(reply, 422, 'INVALID_FILTER_BY_FORMULA', `The formula for filtering records is invalid: ${q['filterByFormula']}`);
        const all = rows.filter(test).slice(0, q['maxRecords'] ? Number(q['maxRecords']) : undefined);
        const start = q['offset'] ? Number(q['offset'].replace(/^itr/, '').split('/')[0]) : 0;
        const page = all.slice(start, start + pageSize);
        return { records: page, ...(start + pageSize < all.length ? { offset: `itr${start + pageSize}/${page.at(-1)?.id ?? ''}` } : {}) };
      });
      app.get('/v0/:base/:table/:id', async (req, reply) => {
        const { base, table, id } = req.params as { base: string; table: string; id: string };
        const rows = tables.get(`${base}/${decodeURIComponent(table)}`);
        if (!rows) return reply.code(404).send({ error: 'NOT_FOUND' });
        return rows.find((r) => r.id === id) ?? fail(reply, 404, 'MODEL_ID_NOT_FOUND', `Record not found: ${id}`);
      });
      app.post('/v0/:base/:table', async (req, reply) => {
        const { base, table } = req.params as { base: string; table: string };
        const key = `${base}/${decodeURIComponent(table)}`;
        if (!tables.has(key)) return reply.code(404).send({ error: 'NOT_FOUND' });
        const body = (req.body ?? {}) as { fields?: Record<string, unknown>; records?: { fields: Record<string, unknown> }[] };
        const batch = body.records ?? (body.fields ? [{ fields: body.fields }] : []);
        if (batch.length === 0 || batch.length > 10) return fail(reply, 422, 'INVALID_REQUEST_UNKNOWN', 'Invalid request: parameter validation failed. Check your request data.');
        for (const r of batch) {
          const bad = unknownField(key, r.fields);
          if (bad) return fail(reply, 422, 'UNKNOWN_FIELD_NAME', `Unknown field name: "${bad}"`);
        }
        const created = batch.map((r) => add(key, r.fields));
        return body.records ? { records: created } : created[0];
      });
      app.patch('/v0/:base/:table/:id', async (req, reply) => {
        const { base, table, id } = req.params as { base: string; table: string; id: string };
        const key = `${base}/${decodeURIComponent(table)}`;
        const rec = tables.get(key)?.find((r) => r.id === id);
        if (!rec) return fail(reply, 404, 'MODEL_ID_NOT_FOUND', `Record not found: ${id}`);
        const f = ((req.body ?? {}) as { fields?: Record<string, unknown> }).fields ?? {};
        const bad = unknownField(key, f);
        if (bad) return fail(reply, 422, 'UNKNOWN_FIELD_NAME', `Unknown field name: "${bad}"`);
        rec.fields = { ...rec.fields, ...f };
        return rec;
      });
    },
  });
  return Object.assign(fake, { tables, fields, add });
}
