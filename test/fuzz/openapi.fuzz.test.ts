import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner, type TestActor } from '../support/auth.js';
import { createTestApp } from '../support/context.js';
import { arbitraryFor, deepJson, encodeSegment, hostileString, hostileValue, withOwnKey, type JsonSchema } from './schema-arbitrary.js';

/**
 * Schema-driven fuzzing of every operation in /openapi.json, as the workspace owner and anonymously:
 * path parameters, query strings and bodies come from each operation's own JSON Schema (mostly valid,
 * so requests reach the handlers) with hostile values mixed in at every level, plus raw bodies no
 * schema describes (deep nesting, prototype keys, malformed JSON, wrong content types, oversized).
 * Every answer must be a 4xx problem+json or a 2xx/3xx the operation documents; never a 5xx or a throw.
 * Fixed seed and run counts keep it deterministic and bounded (see docs/reliability.md).
 */

const SEED = 20261126;
const RUNS_OWNER = Number(process.env['ATOM_FUZZ_RUNS'] ?? 16);
const RUNS_ANONYMOUS = Math.max(2, Math.round(RUNS_OWNER / 3));

interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  body?: { contentType: string; schema?: JsonSchema };
  documented: Set<number>;
  /** Answers text/event-stream: a signed-in call never ends, so it is fuzzed anonymously only. */
  streaming: boolean;
}

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string; contentType: string; label: string };

interface Case {
  params: Record<string, string>;
  query: [string, string][];
  body: Body;
}

interface Finding {
  op: string;
  who: string;
  status: number | 'threw';
  url: string;
  body: string;
  detail: string;
}

/**
 * 5xx answers that are part of a route's contract: the upstream service Atom was asked to reach could not
 * be reached (502). The fuzz suite runs offline, so a well-formed "check this key" request lands here.
 */
const upstreamCodes = new Set(['ai.key.provider_unreachable', 'ai.key.provider_error']);

const isJsonRpcEndpoint = (op: string) => / \/mcp$/.test(op);
function isJsonRpcError(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { jsonrpc?: unknown; error?: { code?: unknown; message?: unknown } };
    return parsed.jsonrpc === '2.0' && typeof parsed.error?.code === 'number' && typeof parsed.error.message === 'string';
  } catch {
    return false;
  }
}

const isOAuthEndpoint = (op: string) => /^(GET|POST) \/oauth\/(authorize|register|token|revoke)$/.test(op);
function isOAuthError(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    return typeof parsed.error === 'string' && /^[a-z_]+$/.test(parsed.error) && (parsed.error_description === undefined || typeof parsed.error_description === 'string');
  } catch {
    return false;
  }
}

const methodsWithBody = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function queryText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

describe('fuzzing every /openapi.json operation', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let operations: Operation[] = [];
  let components: Record<string, JsonSchema> = {};
  const realIds: Record<string, string[]> = {};
  const findings: Finding[] = [];
  const stats = { operations: 0, requests: 0, byStatus: new Map<number, number>(), ms: 0 };
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    t = await createTestApp('sqlite', {
      // Reach the handlers: the limits themselves are tested elsewhere (429 would hide everything).
      ATOM_RATE_LIMIT_PER_MINUTE: '1000000',
      ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
      ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
      ATOM_WEBHOOK_UNKNOWN_TOKEN_PER_MINUTE: '1000000',
      ATOM_LOGIN_DELAY_MS: '0',
      ATOM_LOG_LEVEL: 'warn',
    });
    owner = await signUpOwner(t.app);
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; responses?: Record<string, { content?: Record<string, unknown> }> }>>;
      components?: { schemas?: Record<string, JsonSchema> };
    };
    components = doc.components?.schemas ?? {};
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const content = op.requestBody?.content ?? {};
        const contentType = Object.keys(content)[0];
        operations.push({
          method: method.toUpperCase(),
          path,
          parameters: op.parameters ?? [],
          ...(contentType ? { body: { contentType, schema: content[contentType]?.schema } } : {}),
          documented: new Set(Object.keys(op.responses ?? {}).map(Number).filter((n) => Number.isFinite(n))),
          streaming: Object.values(op.responses ?? {}).some((r) => Object.keys(r.content ?? {}).some((type) => type.includes('event-stream'))),
        });
      }
    }
    // Destructive operations last, so the others still meet the seeded resources.
    const rank = (o: Operation) => (o.method === 'DELETE' ? 2 : /logout|revoke|password|switch/.test(o.path) ? 1 : 0);
    operations = operations.sort((x, y) => rank(x) - rank(y));

    // Real ids of the owner's resources, so some requests get past "not found" into the handlers.
    const post = async (url: string, payload: object) => {
      const res = await t.app.inject({ method: 'POST', url, headers: owner.bearer, payload });
      return res.statusCode < 300 ? (res.json() as Record<string, unknown>) : {};
    };
    const wf = await post('/api/workflows', { name: 'fuzz target', definition: { trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform', expression: '1' }] } });
    const conversation = await post('/api/conversations', { title: 'fuzz chat' });
    const connection = await post('/api/connections', { service: 'github', label: 'fuzz', credentials: { accessToken: 'ghp_fuzz' }, verify: false });
    const run = wf['id'] ? await post(`/api/workflows/${String(wf['id'])}/run`, { version: 'latest' }) : {};
    realIds['id'] = [wf['id'], conversation['id'], connection['id'], run['id']].filter((v): v is string => typeof v === 'string');
    realIds['userId'] = [owner.userId];
    realIds['service'] = ['github', 'slack', 'google_drive'];
    realIds['dataClass'] = ['workflow_runs', 'chat_history'];
    realIds['version'] = ['1'];
    realIds['stepId'] = ['s'];
  }, 120_000);

  afterAll(async () => {
    await t?.cleanup();
  });

  const resolve = (ref: string) => components[ref.replace('#/components/schemas/', '')];

  function caseArbitrary(op: Operation): fc.Arbitrary<Case> {
    const paramArbs: Record<string, fc.Arbitrary<string>> = {};
    for (const p of op.parameters.filter((x) => x.in === 'path')) {
      const fromSchema = arbitraryFor(p.schema, resolve).map(queryText);
      const ids = realIds[p.name] ?? [];
      paramArbs[p.name] = ids.length > 0 ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...ids) }, { weight: 3, arbitrary: fromSchema }, { weight: 1, arbitrary: hostileString() }) : fc.oneof(fromSchema, hostileString());
    }
    const queryParams = op.parameters.filter((x) => x.in === 'query');
    const queryArb: fc.Arbitrary<[string, string][]> = fc
      .tuple(
        fc.record(Object.fromEntries(queryParams.map((p) => [p.name, arbitraryFor(p.schema, resolve).map(queryText)])), { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) }),
        fc.option(fc.constantFrom<[string, string]>(['__proto__[polluted]', 'yes'], ['constructor[prototype][polluted]', 'yes'], ['__proto__', 'x'], ['a[b][c][d][e]', 'deep']), { nil: undefined }),
        // The same key twice makes an array where a string is expected.
        fc.option(fc.constantFrom(...(queryParams.length > 0 ? queryParams.map((p) => p.name) : ['x'])), { nil: undefined }),
      )
      .map(([rec, extra, dup]) => {
        const pairs: [string, string][] = Object.entries(rec as Record<string, string>);
        if (extra) pairs.push(extra);
        if (dup) pairs.push([dup, 'again'], [dup, '\u0000']);
        return pairs;
      });

    let bodyArb: fc.Arbitrary<Body> = fc.constant({ kind: 'none' } as Body);
    if (methodsWithBody.has(op.method)) {
      const schemaBody = arbitraryFor(op.body?.schema, resolve);
      const raw = (text: string, contentType: string, label: string): Body => ({ kind: 'raw', text, contentType, label });
      bodyArb = fc.oneof(
        { weight: 8, arbitrary: schemaBody.map((value): Body => ({ kind: 'json', value })) },
        { weight: 1, arbitrary: hostileValue().map((value): Body => ({ kind: 'json', value })) },
        {
          weight: 2,
          arbitrary: fc.tuple(schemaBody, fc.constantFrom('__proto__', 'constructor', 'prototype')).map(([value, key]): Body => {
            const target = value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
            return { kind: 'json', value: withOwnKey(target, key, key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes' }) };
          }),
        },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            raw(deepJson(5_000, 'array'), 'application/json', 'deep array'),
            raw(deepJson(5_000, 'object'), 'application/json', 'deep object'),
            raw(`{"a":${deepJson(200, 'object')},"name":${deepJson(200, 'array')}}`, 'application/json', 'nested fields'),
            raw('{"name": "x"', 'application/json', 'truncated json'),
            raw('\uFEFF{}', 'application/json', 'bom'),
            raw('{"a":"\\ud800"}', 'application/json', 'escaped lone surrogate'),
            raw(`{"name":"${'x'.repeat(1_100_000)}"}`, 'application/json', 'over body limit'),
            raw('name=x&__proto__[polluted]=yes', 'application/x-www-form-urlencoded', 'form'),
            raw('hello', 'text/plain', 'text'),
            raw('<a/>', 'application/xml', 'xml'),
            raw('{}', 'application/json; charset=utf-16', 'utf-16 claim'),
            raw('--x\r\nContent-Disposition: form-data; name="file"; filename="../../x"\r\n\r\nhi\r\n--x--\r\n', 'multipart/form-data; boundary=x', 'multipart traversal'),
            raw('--x\r\nContent-Disposition: form-data; name="file"; filename="cut.txt"\r\n\r\nhi', 'multipart/form-data; boundary=x', 'truncated multipart'),
            raw('--x\r\nContent-Disposition: form-data; name="file"; filename="n\u0000ul.txt"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x--\r\n', 'multipart/form-data; boundary=x', 'NUL file name'),
          ),
        },
      );
    }
    return fc.record({ params: fc.record(paramArbs), query: queryArb, body: bodyArb });
  }

  async function send(op: Operation, c: Case, who: 'owner' | 'anonymous'): Promise<void> {
    let url = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeSegment(c.params[name] ?? 'x'));
    if (c.query.length > 0) url += `?${c.query.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&')}`;
    const headers: Record<string, string> = who === 'owner' ? { ...owner.bearer } : {};
    let payload: string | undefined;
    if (c.body.kind === 'json') {
      payload = JSON.stringify(c.body.value) ?? 'null';
      headers['content-type'] = 'application/json';
    } else if (c.body.kind === 'raw') {
      payload = c.body.text;
      headers['content-type'] = c.body.contentType;
    }
    const label = c.body.kind === 'raw' ? c.body.label : c.body.kind;
    const op1 = `${op.method} ${op.path}`;
    stats.requests++;
    let res;
    try {
      res = await t.app.inject({ method: op.method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
    } catch (err) {
      findings.push({ op: op1, who, status: 'threw', url: url.slice(0, 200), body: label, detail: String(err).slice(0, 300) });
      return;
    }
    stats.byStatus.set(res.statusCode, (stats.byStatus.get(res.statusCode) ?? 0) + 1);
    const type = String(res.headers['content-type'] ?? '');
    const note = (detail: string) => findings.push({ op: op1, who, status: res.statusCode, url: url.slice(0, 200), body: `${label}: ${(payload ?? '').slice(0, 200)}`, detail: `${detail} ${res.body.slice(0, 300)}` });
    const code = type.startsWith('application/problem+json') ? String((res.json() as { code?: unknown }).code) : '';
    if (res.statusCode === 502 && upstreamCodes.has(code)) return;
    if (res.statusCode >= 500) note('server error');
    else if (res.statusCode >= 400 && isJsonRpcEndpoint(op1)) {
      // The MCP endpoint speaks JSON-RPC: its protocol errors are JSON-RPC error objects, as the MCP
      // specification requires; Atom's own refusals before the protocol (401, 429) are still problem+json.
      if (!type.startsWith('application/problem+json') && !isJsonRpcError(res.body)) note(`4xx neither problem+json nor a JSON-RPC error (${type})`);
    } else if (res.statusCode >= 400 && isOAuthEndpoint(op1)) {
      // OAuth endpoints answer protocol errors as RFC 6749 §5.2 / RFC 7591 §3.2.2 JSON ({ error, error_description }),
      // which OAuth clients parse; Atom's own refusals before the protocol (validation, 429) are problem+json.
      if (!type.startsWith('application/problem+json') && !isOAuthError(res.body)) note(`4xx neither problem+json nor an OAuth error (${type})`);
    } else if (res.statusCode >= 400 && !type.startsWith('application/problem+json')) note(`4xx without problem+json (${type})`);
    else if (res.statusCode < 400 && !op.documented.has(res.statusCode)) note('undocumented success status');
  }

  async function ensureOwnerSignedIn() {
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: owner.bearer });
    if (me.statusCode === 401) owner = await signUpOwner(t.app);
  }

  it('answers every fuzzed request with a 4xx problem+json or a documented success, never a 5xx', async () => {
    const started = performance.now();
    let index = 0;
    for (const op of operations) {
      stats.operations++;
      const arb = caseArbitrary(op);
      const ownerCases = op.streaming ? [] : fc.sample(arb, { seed: SEED + index, numRuns: RUNS_OWNER });
      const anonymousCases = fc.sample(arb, { seed: SEED + 10_000 + index, numRuns: RUNS_ANONYMOUS });
      index++;
      for (const c of ownerCases) {
        await send(op, c, 'owner');
        if (op.method !== 'GET') await ensureOwnerSignedIn();
      }
      for (const c of anonymousCases) await send(op, c, 'anonymous');
    }
    stats.ms = performance.now() - started;
    const statuses = [...stats.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(`fuzz: ${stats.operations} operations, ${stats.requests} requests in ${(stats.ms / 1000).toFixed(1)} s (seed ${SEED}); statuses ${statuses}`);
    if (findings.length > 0) console.log(JSON.stringify(findings.slice(0, 40), null, 1));
    expect(stats.operations).toBeGreaterThanOrEqual(100);
    expect(findings).toEqual([]);
  }, 240_000);

  it('leaves Object.prototype unpolluted and the server healthy', async () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    const probe: Record<string, unknown> = {};
    expect(probe['polluted']).toBeUndefined();
    expect(probe['isAdmin']).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await ensureOwnerSignedIn();
    expect((await t.app.inject({ method: 'GET', url: '/api/workflows', headers: owner.bearer })).statusCode).toBe(200);
  });
});
