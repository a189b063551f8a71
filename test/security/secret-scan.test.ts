import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowRuntime } from '../../src/workflows/index.js';
import { startFakeOpenAI } from '../fakes/openai/server.js';
import { signUpOwner, TEST_PASSWORD, type TestActor } from '../support/auth.js';
import { createTestApp, dialects } from '../support/context.js';

/**
 * Secret scan: after flows that store and use every kind of secret (integration credentials, AI keys,
 * workflow secrets used by a run, API tokens, webhook HMAC secrets, the password, the session), none of
 * the values appears in the logs (debug level), in any row of any table, or in the raw database files.
 */
describe.each(dialects)('secrets at rest and in logs on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let echo: Server;
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
  const secrets: Record<string, string> = {};
  const tag = `${dialect}${Date.now().toString(36)}`;

  beforeAll(async () => {
    echo = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    secrets['ai key'] = `sk-scan-${tag}-aaaaaaaaaaaaaaaaaaaaaaaa`;
    openai = await startFakeOpenAI({ keys: [secrets['ai key']] });
    t = await createTestApp(dialect, { ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_LOG_LEVEL: 'trace', ATOM_JOBS_POLL_INTERVAL_MS: '20' });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
    secrets['password'] = TEST_PASSWORD;
    secrets['session cookie'] = owner.cookie.split('=')[1]!;
    secrets['csrf token'] = owner.csrf;
    secrets['api token'] = owner.token;
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
    await openai?.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  const call = async (method: 'POST' | 'PUT', url: string, payload: object) => {
    const res = await t.app.inject({ method, url, headers: owner.bearer, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json<Record<string, unknown>>();
  };

  it('stores and uses every kind of secret', async () => {
    secrets['integration credential'] = `ghp_scan${tag}bbbbbbbbbbbbbbbbbbbbbbbb`;
    await call('POST', '/api/connections', { service: 'github', label: 'scan', credentials: { accessToken: secrets['integration credential'] }, verify: false });
    await call('POST', '/api/ai/keys', { provider: 'openai', apiKey: secrets['ai key'], baseUrl: `${openai.url}/v1`, scope: 'workspace' });
    secrets['workflow secret'] = `wf-secret-${tag}-cccccccccccccccccccc`;
    await call('PUT', '/api/workflows/secrets/SCAN_SECRET', { value: secrets['workflow secret'] });
    secrets['second api token'] = String((await call('POST', '/api/tokens', { name: 'scan', expiresInDays: 1 }))['token']);

    // A run that sends the workflow secret as a bearer token: it is filled in only inside the action.
    const wf = await call('POST', '/api/workflows', {
      name: 'uses a secret',
      definition: { trigger: { type: 'webhook', methods: ['POST'], hmac: {} }, steps: [{ id: 'send', type: 'http', input: { method: 'POST', url: `http://127.0.0.1:${(echo.address() as AddressInfo).port}/in`, bearerSecret: 'SCAN_SECRET', body: { hello: 'world' } } }] },
    });
    const act = await call('POST', `/api/workflows/${String(wf['id'])}/activate`, {});
    const hook = act['webhook'] as { url: string; hmacSecret: string };
    secrets['webhook hmac secret'] = hook.hmacSecret;
    secrets['webhook token'] = hook.url.split('/').pop()!;
    const body = '{"n":1}';
    const signature = createHmac('sha256', hook.hmacSecret).update(body).digest('hex');
    const started = await t.app.inject({ method: 'POST', url: hook.url, payload: body, headers: { 'content-type': 'application/json', 'x-atom-signature': signature } });
    expect(started.statusCode, started.body).toBe(202);
    const runId = started.json<{ runId: string }>().runId;
    let status = '';
    for (let i = 0; i < 200 && !['succeeded', 'failed'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await t.app.inject({ url: `/api/runs/${runId}`, headers: owner.bearer })).json<{ status: string }>().status;
    }
    expect(status).toBe('succeeded');
    // A failed sign-in with a password-like string, which must not be logged either.
    secrets['mistyped password'] = `${TEST_PASSWORD}-typo`;
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: secrets['mistyped password'] } });
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(10);
  }, 60_000);

  it('finds none of them in the logs', () => {
    const text = t.logs.text;
    expect(text.length).toBeGreaterThan(1000);
    const found = Object.entries(secrets).filter(([, value]) => text.includes(value)).map(([kind]) => kind);
    expect(found).toEqual([]);
  });

  it('finds none of them in any table (a logical dump)', async () => {
    const tables = await t.ctx.db.introspection.getTables();
    expect(tables.length).toBeGreaterThan(20);
    const hits: string[] = [];
    let rows = 0;
    for (const table of tables) {
      const all = await t.ctx.db.selectFrom(table.name as 'workflows').selectAll().execute();
      rows += all.length;
      const dump = JSON.stringify(all, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : typeof v === 'bigint' ? String(v) : v));
      for (const [kind, value] of Object.entries(secrets)) if (dump.includes(value)) hits.push(`${kind} in ${table.name}`);
    }
    expect(rows).toBeGreaterThan(20);
    expect(hits).toEqual([]);
  });

  it.runIf(dialect === 'sqlite')('finds none of them in the raw database files (pages and WAL)', () => {
    const files = readdirSync(t.dataDir, { recursive: true })
      .map((f) => path.join(t.dataDir, String(f)))
      .filter((f) => statSync(f).isFile() && /\.(db|sqlite|db-wal|sqlite-wal)$|-wal$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const hits: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const [kind, value] of Object.entries(secrets)) if (bytes.includes(Buffer.from(value, 'utf8'))) hits.push(`${kind} in ${path.basename(file)}`);
    }
    expect(hits).toEqual([]);
  });
});
