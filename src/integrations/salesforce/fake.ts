import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Salesforce REST API fake (developer.salesforce.com/docs/atlas.en-us.api_rest.meta): under
 * /services/data/v60.0, SOQL at /query?q= answering `{ totalSize, done, records, nextRecordsUrl? }` (the next
 * batch at that URL), sObject rows at /sobjects/{type}/{id} (create answers 201 `{ id, success, errors }`,
 * update is PATCH → 204), errors as an array `[{ message, errorCode, fields? }]` (401 INVALID_SESSION_ID,
 * 404 NOT_FOUND, 400 MALFORMED_QUERY / REQUIRED_FIELD_MISSING / INVALID_FIELD). The SOQL understood here:
 * `SELECT f1, f2 FROM T [WHERE f op 'v' | f op datetime [AND ...]] [ORDER BY f [ASC|DESC]] [LIMIT n]`.
 */
export type SalesforceRecord = Record<string, string | number | boolean | null> & { Id: string; CreatedDate: string };
export interface SalesforceFake extends FakeService {
  objects: Record<string, SalesforceRecord[]>;
  /** Records per query batch (Salesforce: 2000 by default). */
  batchSize: number;
  add(type: string, fields: Record<string, string | number | boolean | null>): SalesforceRecord;
}

const V = '/services/data/v60.0';
const fields: Record<string, string[]> = {
  Lead: ['Id', 'Name', 'FirstName', 'LastName', 'Company', 'Email', 'Status', 'CreatedDate', 'LastModifiedDate'],
  Contact: ['Id', 'Name', 'FirstName', 'LastName', 'Email', 'Phone', 'AccountId', 'CreatedDate', 'LastModifiedDate'],
  Account: ['Id', 'Name', 'Industry', 'Website', 'CreatedDate', 'LastModifiedDate'],
  Opportunity: ['Id', 'Name', 'StageName', 'CloseDate', 'Amount', 'AccountId', 'CreatedDate', 'LastModifiedDate'],
};
const required: Record<string, string[]> = { Lead: ['LastName', 'Company'], Contact: ['LastName'], Account: ['Name'], Opportunity: ['Name', 'StageName', 'CloseDate'] };
const prefix: Record<string, string> = { Lead: '00Q', Contact: '003', Account: '001', Opportunity: '006' };

const fail = (reply: FastifyReply, status: number, errorCode: string, message: string, f?: string[]) => reply.code(status).send([{ message, errorCode, ...(f ? { fields: f } : {}) }]);

interface Soql {
  type: string;
  select: string[];
  where: { field: string; op: string; value: string }[];
  order?: { field: string; desc: boolean };
  limit?: number;
}

function parseSoql(q: string): Soql | string {
  const m = /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(\w+)(?:\s+(ASC|DESC))?)?(?:\s+LIMIT\s+(\d+))?\s*$/i.exec(q.trim());
  if (!m) return `unexpected token: '${q.trim().split(/\s+/).slice(0, 3).join(' ')}'`;
  const type = m[2]!;
  if (!fields[type]) return `sObject type '${type}' is not supported.`;
  const select = m[1]!.split(',').map((s) => s.trim());
  const where: Soql['where'] = [];
  for (const part of m[3] ? m[3].split(/\s+AND\s+/i) : []) {
    const c = /^(\w+)\s*(=|!=|>|>=|<|<=|LIKE)\s*('(?:[^'\\]|\\.)*'|[\w:.+-]+)$/i.exec(part.trim());
    if (!c) return `unexpected token: '${part.trim()}'`;
    where.push({ field: c[1]!, op: c[2]!.toUpperCase(), value: c[3]!.startsWith("'") ? c[3]!.slice(1, -1).replace(/\\(.)/g, '$1') : c[3]! });
  }
  const bad = [...select, ...where.map((w) => w.field), ...(m[4] ? [m[4]] : [])].find((f) => !fields[type]!.includes(f));
  if (bad) return `No such column '${bad}' on entity '${type}'.`;
  return { type, select, where, ...(m[4] ? { order: { field: m[4], desc: (m[5] ?? '').toUpperCase() === 'DESC' } } : {}), ...(m[6] ? { limit: Number(m[6]) } : {}) };
}

const compare = (a: unknown, op: string, b: string) => {
  const x = String(a ?? '');
  const isDate = /^\d{4}-\d{2}-\d{2}T/.test(b);
  const cmp = isDate ? Date.parse(x) - Date.parse(b) : x.localeCompare(b);
  switch (op) {
    case '=': return x === b;
    case '!=': return x !== b;
    case '>': return cmp > 0;
    case '>=': return cmp >= 0;
    case '<': return cmp < 0;
    case '<=': return cmp <= 0;
    default: return new RegExp(`^${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`, 'i').test(x);
  }
};

export async function startSalesforceFake(): Promise<SalesforceFake> {
  const objects: Record<string, SalesforceRecord[]> = { Lead: [], Contact: [], Account: [], Opportunity: [] };
  const cursors = new Map<string, SalesforceRecord[]>();
  let n = 0;
  let locators = 0;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const sfTime = () => new Date((clock += 1000)).toISOString().replace('Z', '+0000');
  const add = (type: string, f: Record<string, string | number | boolean | null>): SalesforceRecord => {
    const at = sfTime();
    const r = { ...f, Id: `${prefix[type]}${String(++n).padStart(15, '0')}`, CreatedDate: at, LastModifiedDate: at } as SalesforceRecord;
    // Person objects have a read-only compound Name.
    if (type === 'Lead' || type === 'Contact') r['Name'] = [f['FirstName'], f['LastName']].filter(Boolean).join(' ');
    objects[type]!.push(r);
    return r;
  };
  const view = (type: string, r: SalesforceRecord, select: string[]) => ({ attributes: { type, url: `${V}/sobjects/${type}/${r.Id}` }, ...Object.fromEntries(select.map((f) => [f, r[f] ?? null])) });
  const batch = (rows: Record<string, unknown>[], total: number) => {
    const first = rows.slice(0, fake.batchSize);
    const rest = rows.slice(fake.batchSize);
    const answer: Record<string, unknown> = { totalSize: total, done: rest.length === 0, records: first };
    if (rest.length) {
      const locator = `01gRM0000${++locators}-${fake.batchSize}`;
      cursors.set(locator, rest as SalesforceRecord[]);
      answer['nextRecordsUrl'] = `${V}/query/${locator}`;
    }
    return answer;
  };

  const base = await startFakeService({
    unauthorized: (reply) => fail(reply, 401, 'INVALID_SESSION_ID', 'Session expired or invalid'),
    tokenPath: '/services/oauth2/token',
    tokenAnswer: (access) => ({ access_token: access, instance_url: 'https://example.my.salesforce.com', token_type: 'Bearer', issued_at: String(Date.now()) }),
    routes(app) {
      app.get(`${V}/limits`, async () => ({ DailyApiRequests: { Max: 15000, Remaining: 14990 } }));
      app.get(`${V}/query`, async (req, reply) => {
        const q = (req.query as Record<string, string>)['q'] ?? '';
        const soql = parseSoql(q);
        if (typeof soql === 'string') return fail(reply, 400, soql.startsWith('No such column') ? 'INVALID_FIELD' : 'MALFORMED_QUERY', soql);
        let rows = objects[soql.type]!.filter((r) => soql.where.every((w) => compare(r[w.field], w.op, w.value)));
        if (soql.order) rows = [...rows].sort((a, b) => String(a[soql.order!.field] ?? '').localeCompare(String(b[soql.order!.field] ?? '')) * (soql.order!.desc ? -1 : 1));
        if (soql.limit !== undefined) rows = rows.slice(0, soql.limit);
        return batch(rows.map((r) => view(soql.type, r, soql.select)), rows.length);
      });
      app.get(`${V}/query/:locator`, async (req, reply) => {
        const { locator } = req.params as { locator: string };
        const rest = cursors.get(locator);
        if (!rest) return fail(reply, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
        cursors.delete(locator);
        return batch(rest, rest.length);
      });
      app.get(`${V}/sobjects/:type/:id`, async (req, reply) => {
        const { type, id } = req.params as { type: string; id: string };
        const r = objects[type]?.find((x) => x.Id === id);
        if (!r) return fail(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
        return view(type, r, fields[type]!);
      });
      const check = (type: string, body: Record<string, unknown>, creating: boolean) => {
        const bad = Object.keys(body).find((k) => !fields[type]!.includes(k) || ['Id', 'CreatedDate', 'LastModifiedDate'].includes(k) || (k === 'Name' && type !== 'Account' && type !== 'Opportunity'));
        if (bad) return { code: 'INVALID_FIELD', message: `No such column '${bad}' on sobject of type ${type}`, fields: [bad] };
        const missing = creating ? required[type]!.filter((f) => body[f] === undefined || body[f] === '') : [];
        if (missing.length) return { code: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: missing };
        return undefined;
      };
      app.post(`${V}/sobjects/:type`, async (req, reply) => {
        const { type } = req.params as { type: string };
        if (!fields[type]) return fail(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
        const body = (req.body ?? {}) as Record<string, string | number | boolean | null>;
        const bad = check(type, body, true);
        if (bad) return fail(reply, 400, bad.code, bad.message, bad.fields);
        return reply.code(201).send({ id: add(type, body).Id, success: true, errors: [] });
      });
      app.patch(`${V}/sobjects/:type/:id`, async (req, reply) => {
        const { type, id } = req.params as { type: string; id: string };
        const r = objects[type]?.find((x) => x.Id === id);
        if (!r) return fail(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
        const body = (req.body ?? {}) as Record<string, string | number | boolean | null>;
        const bad = check(type, body, false);
        if (bad) return fail(reply, 400, bad.code, bad.message, bad.fields);
        Object.assign(r, body, { LastModifiedDate: sfTime() });
        return reply.code(204).send();
      });
    },
  });
  const fake = Object.assign(base, { objects, batchSize: 2000, add });
  return fake;
}
