import mysql from 'mysql2/promise';
import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';
import { workflowRuntime } from '../../workflows/index.js';
import { runHealthChecks } from '../connections/health-check.js';
import { integrationTriggers } from '../registry.js';
import { pollTriggers } from '../triggers/poller.js';

/**
 * PostgreSQL, MariaDB and Redis as workflow steps and triggers, end to end through the API, against the real
 * servers of this machine (PostgreSQL 127.0.0.1:5432 trust, MariaDB 127.0.0.1:3306 root, Redis 127.0.0.1:6379).
 * Each test uses its own table / key prefix and removes it afterwards.
 */
const suffix = `${process.pid}_${Date.now().toString(36)}`;
const PG_TABLE = `atom_e2e_pg_${suffix}`;
const MY_TABLE = `atom_e2e_my_${suffix}`;
const REDIS_PREFIX = `atom-e2e-${suffix}:`;
const REDIS_DB = 13;

describe('data stores in workflows, against the real servers', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let pgAdmin: pg.Client;
  let myAdmin: mysql.Connection;
  let redisAdmin: Redis;
  const conn: Record<string, string> = {};

  const connect = (service: string, settings: Record<string, unknown>, verify = true) =>
    t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service, label: service, verify, credentials: { settings } } });
  const create = async (definition: unknown) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: `wf ${Math.random()}`, definition } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  };
  const activate = (id: string) => t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} });
  type RunBody = { status: string; output: unknown; error: { code: string; message: string } | null; steps?: unknown };
  const runSteps = async (steps: unknown[]) => {
    const id = await create({ trigger: { type: 'manual' }, steps });
    const a = await activate(id);
    expect(a.statusCode, a.body).toBe(200);
    const r = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: owner.bearer, payload: { waitMs: 20_000 } });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<RunBody>();
  };
  const stepOutput = async (runId: string, stepId: string) => {
    const r = await t.app.inject({ url: `/api/runs/${runId}`, headers: owner.bearer });
    const body = r.json<{ steps: { stepId: string; output: unknown }[] }>();
    return body.steps.find((s) => s.stepId === stepId)?.output;
  };

  beforeAll(async () => {
    pgAdmin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await pgAdmin.connect();
    await pgAdmin.query(`CREATE TABLE ${PG_TABLE} (id serial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), meta jsonb)`);
    myAdmin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' });
    await myAdmin.query(`CREATE TABLE ${MY_TABLE} (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200) NOT NULL, qty INT NOT NULL DEFAULT 0)`);
    redisAdmin = new Redis({ host: '127.0.0.1', port: 6379, db: REDIS_DB });
    t = await createTestApp('sqlite', { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_LOG_LEVEL: 'warn' });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
  }, 90_000);
  afterAll(async () => {
    await t?.cleanup();
    await pgAdmin?.query(`DROP TABLE IF EXISTS ${PG_TABLE}`).catch(() => undefined);
    await pgAdmin?.end();
    await myAdmin?.query(`DROP TABLE IF EXISTS ${MY_TABLE}`).catch(() => undefined);
    await myAdmin?.end();
    if (redisAdmin) {
      const keys = await redisAdmin.keys(`${REDIS_PREFIX}*`);
      if (keys.length) await redisAdmin.del(...keys);
      redisAdmin.disconnect();
    }
  });

  it('connections: settings are checked (field errors), verified against the server, sealed; a wrong password is refused', async () => {
    const bad = await connect('postgresql', { host: '127.0.0.1', port: 'x', database: 'test' });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json<{ errors?: { field: string }[] }>().errors?.map((e) => e.field) ?? [];
    expect(fields).toEqual(expect.arrayContaining(['body.credentials.settings.port', 'body.credentials.settings.user']));

    const made = await connect('postgresql', { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', password: 'not-needed-with-trust-pg-secret' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ authKind: 'server', accountLabel: 'postgres@127.0.0.1:5432/test' });
    conn['pg'] = made.json<{ id: string }>().id;
    const stored = await t.ctx.db.selectFrom('integration_connections').select('credentials_sealed').where('id', '=', conn['pg']).executeTakeFirstOrThrow();
    expect(stored.credentials_sealed).not.toContain('not-needed-with-trust-pg-secret');
    const listed = await t.app.inject({ url: '/api/connections', headers: owner.bearer });
    expect(listed.body).not.toContain('not-needed-with-trust-pg-secret');

    // MariaDB's root has an empty password here: a wrong one is an authentication failure, not saved.
    const wrong = await connect('mysql', { host: '127.0.0.1', database: 'test', user: 'root', password: 'wrong-password-xyz' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json<{ code: string; detail: string }>()).toMatchObject({ code: 'integrations.credentials_rejected' });
    expect(wrong.body).not.toContain('wrong-password-xyz');
    const my = await connect('mysql', { host: '127.0.0.1', database: 'test', user: 'root', password: '' });
    expect(my.statusCode, my.body).toBe(201);
    conn['mysql'] = my.json<{ id: string }>().id;

    const rd = await connect('redis', { host: '127.0.0.1', db: REDIS_DB, keyPrefix: REDIS_PREFIX });
    expect(rd.statusCode, rd.body).toBe(201);
    conn['redis'] = rd.json<{ id: string }>().id;
    // The periodic health check reaches them over their own protocols.
    expect(await runHealthChecks(t.ctx)).toEqual({ checked: 3, failed: 0 });
  });

  it("using a connection needs the right to use it: a colleague's personal PostgreSQL connection is refused", async () => {
    const bob = await addMember(t.app, owner, 'member');
    const alice = await addMember(t.app, owner, 'member');
    const mine = await t.app.inject({ method: 'POST', url: '/api/connections', headers: bob.bearer, payload: { service: 'postgresql', personal: true, credentials: { settings: { host: '127.0.0.1', database: 'test', user: 'postgres' } } } });
    expect(mine.statusCode, mine.body).toBe(201);
    const definition = { trigger: { type: 'manual' }, steps: [{ id: 'q', type: 'action', action: 'postgresql.query', input: { connectionId: mine.json<{ id: string }>().id, sql: 'SELECT 1' } }] };
    const made = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: alice.bearer, payload: { name: 'borrow', definition } });
    expect(made.statusCode, made.body).toBe(201);
    const a = await t.app.inject({ method: 'POST', url: `/api/workflows/${made.json<{ id: string }>().id}/activate`, headers: alice.bearer, payload: {} });
    expect(a.statusCode).toBe(422);
    expect(a.json<{ errors?: { field: string }[] }>().errors?.map((e) => e.field)).toEqual(['steps.q.input.connectionId']);
  });

  it('a connection to an internal address follows the SSRF allow-list', async () => {
    // 127.0.0.2 is loopback but not in ATOM_SSRF_ALLOW (127.0.0.1): refused before any socket opens.
    const r = await connect('postgresql', { host: '127.0.0.2', database: 'test', user: 'postgres' });
    expect(r.statusCode).toBe(422);
    expect(r.json<{ detail: string }>().detail).toMatch(/internal address/);
  });

  it('PostgreSQL: insert, update and a parameterised query run as workflow steps', async () => {
    const run = await runSteps([
      { id: 'ins', type: 'action', action: 'postgresql.insert_rows', input: { connectionId: conn['pg'], table: PG_TABLE, rows: [{ name: 'ada', meta: { a: 1 } }, { name: "o'brien; DROP TABLE x" }] } },
      { id: 'upd', type: 'action', action: 'postgresql.update_rows', input: { connectionId: conn['pg'], table: PG_TABLE, set: { name: 'ada lovelace' }, where: { name: 'ada' } } },
      { id: 'q', type: 'action', action: 'postgresql.query', input: { connectionId: conn['pg'], sql: `SELECT name FROM ${PG_TABLE} WHERE name = $1 OR name = $2 ORDER BY id`, params: ['ada lovelace', "o'brien; DROP TABLE x"] } },
    ]);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    const runId = (run as unknown as { id: string }).id;
    expect(await stepOutput(runId, 'ins')).toMatchObject({ inserted: 2, rows: [expect.objectContaining({ name: 'ada', meta: { a: 1 } }), expect.objectContaining({ id: expect.any(Number) })] });
    expect(await stepOutput(runId, 'upd')).toMatchObject({ updated: 1 });
    expect(await stepOutput(runId, 'q')).toEqual({ rows: [{ name: 'ada lovelace' }, { name: "o'brien; DROP TABLE x" }], rowCount: 2, truncated: false });
    const direct = await pgAdmin.query(`SELECT count(*)::int AS n FROM ${PG_TABLE}`);
    expect(direct.rows[0]).toEqual({ n: 2 });
  });

  it('PostgreSQL: bad input is a 422 naming the field at activation; a SQL error fails the run without retrying', async () => {
    const id = await create({ trigger: { type: 'manual' }, steps: [{ id: 'ins', type: 'action', action: 'postgresql.insert_rows', input: { connectionId: conn['pg'], table: 'x; drop', rows: [] } }] });
    const a = await activate(id);
    expect(a.statusCode).toBe(422);
    const fields = a.json<{ errors?: { field: string }[] }>().errors?.map((e) => e.field) ?? [];
    expect(fields).toEqual(expect.arrayContaining(['steps.ins.input.table', 'steps.ins.input.rows']));
    const run = await runSteps([{ id: 'q', type: 'action', action: 'postgresql.query', input: { connectionId: conn['pg'], sql: 'SELECT * FROM atom_no_such_table_e2e' } }]);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'integrations.http.not_found' });
  });

  it('PostgreSQL: the SQL text is literal, so run data cannot be spliced into it', async () => {
    const id = await create({ trigger: { type: 'manual' }, steps: [{ id: 'q', type: 'action', action: 'postgresql.query', input: { connectionId: conn['pg'], sql: 'SELECT {{ trigger.x }} AS v' } }] });
    expect((await activate(id)).statusCode).toBe(200);
    const r = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: owner.bearer, payload: { input: { x: '1; DROP TABLE y' }, waitMs: 20_000 } });
    const body = r.json<RunBody>();
    // The braces reach PostgreSQL as written: a syntax error, not the injected statement.
    expect(body.status).toBe('failed');
    expect(body.error?.message).toMatch(/syntax error/);
  });

  it('PostgreSQL: a new-row trigger starts one run per new row, in order, after the cursor', async () => {
    const wf = await create({ trigger: { type: 'integration', trigger: 'postgresql.new_row', connectionId: conn['pg'], pollMinutes: 1, config: { table: PG_TABLE, column: 'id' } }, steps: [{ id: 'log', type: 'action', action: 'core.log', input: { message: '{{ trigger.row.name }}' } }] });
    expect((await activate(wf)).statusCode).toBe(200);
    let now = Date.now();
    const pass = () => pollTriggers(t.ctx, workflowRuntime(t.ctx).events, integrationTriggers, { clock: { now: () => (now += 2 * 60_000) } });
    expect(await pass()).toMatchObject({ events: 0, failed: 0 });
    await pgAdmin.query(`INSERT INTO ${PG_TABLE} (name) VALUES ('grace'), ('linus')`);
    expect(await pass()).toMatchObject({ events: 2, failed: 0 });
    expect(await pass()).toMatchObject({ events: 0, failed: 0 });
    const runs = await t.ctx.db.selectFrom('workflow_runs').select(['trigger_data']).where('workflow_id', '=', wf).execute();
    expect(runs.map((r) => (JSON.parse(r.trigger_data ?? '{}') as { row: { name: string } }).row.name).sort()).toEqual(['grace', 'linus']);
  });

  it('MariaDB: insert, update, parameterised query and a new-row trigger', async () => {
    const wf = await create({ trigger: { type: 'integration', trigger: 'mysql.new_row', connectionId: conn['mysql'], pollMinutes: 1, config: { table: MY_TABLE, column: 'id' } }, steps: [] });
    expect((await activate(wf)).statusCode).toBe(200);
    let now = Date.now() + 60 * 60_000;
    const pass = () => pollTriggers(t.ctx, workflowRuntime(t.ctx).events, integrationTriggers, { clock: { now: () => (now += 2 * 60_000) } });
    expect(await pass()).toMatchObject({ failed: 0 });

    const run = await runSteps([
      { id: 'ins', type: 'action', action: 'mysql.insert_rows', input: { connectionId: conn['mysql'], table: MY_TABLE, rows: [{ name: 'bolt', qty: 3 }, { name: 'nut' }] } },
      { id: 'upd', type: 'action', action: 'mysql.update_rows', input: { connectionId: conn['mysql'], table: MY_TABLE, set: { qty: 9 }, where: { name: 'nut' } } },
      { id: 'q', type: 'action', action: 'mysql.query', input: { connectionId: conn['mysql'], sql: `SELECT name, qty FROM ${MY_TABLE} WHERE qty > ? ORDER BY id`, params: [1] } },
    ]);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    const runId = (run as unknown as { id: string }).id;
    expect(await stepOutput(runId, 'ins')).toMatchObject({ inserted: 2, firstInsertId: expect.any(Number) });
    expect(await stepOutput(runId, 'upd')).toEqual({ matched: 1, changed: 1 });
    expect(await stepOutput(runId, 'q')).toEqual({ rows: [{ name: 'bolt', qty: 3 }, { name: 'nut', qty: 9 }], rowCount: 2, truncated: false });

    expect(await pass()).toMatchObject({ events: 2, failed: 0 });
    expect(await pass()).toMatchObject({ events: 0 });
    const runs = await t.ctx.db.selectFrom('workflow_runs').select(['trigger_data']).where('workflow_id', '=', wf).execute();
    expect(runs.map((r) => (JSON.parse(r.trigger_data ?? '{}') as { row: { name: string } }).row.name).sort()).toEqual(['bolt', 'nut']);

    const bad = await runSteps([{ id: 'q', type: 'action', action: 'mysql.query', input: { connectionId: conn['mysql'], sql: 'SELEC nonsense' } }]);
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatchObject({ code: 'integrations.http.bad_request' });
  });

  it('Redis: set/get, publish, list push/pop within the connection\'s key prefix and db', async () => {
    const sub = new Redis({ host: '127.0.0.1', port: 6379, db: REDIS_DB });
    const heard: string[] = [];
    await sub.subscribe(`${REDIS_PREFIX}events`);
    sub.on('message', (_c, m) => heard.push(m));
    try {
      const run = await runSteps([
        { id: 'set', type: 'action', action: 'redis.set', input: { connectionId: conn['redis'], key: 'greeting', value: 'hello', ttlSeconds: 600 } },
        { id: 'again', type: 'action', action: 'redis.set', input: { connectionId: conn['redis'], key: 'greeting', value: 'other', onlyIfAbsent: true } },
        { id: 'get', type: 'action', action: 'redis.get', input: { connectionId: conn['redis'], key: 'greeting' } },
        { id: 'pub', type: 'action', action: 'redis.publish', input: { connectionId: conn['redis'], channel: 'events', message: 'deployed' } },
        { id: 'push', type: 'action', action: 'redis.list_push', input: { connectionId: conn['redis'], key: 'queue', values: ['a', 'b', 'c'] } },
        { id: 'pop', type: 'action', action: 'redis.list_pop', input: { connectionId: conn['redis'], key: 'queue', count: 2 } },
      ]);
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      const runId = (run as unknown as { id: string }).id;
      expect(await stepOutput(runId, 'set')).toEqual({ key: 'greeting', written: true });
      expect(await stepOutput(runId, 'again')).toEqual({ key: 'greeting', written: false });
      expect(await stepOutput(runId, 'get')).toEqual({ key: 'greeting', value: 'hello' });
      expect(await stepOutput(runId, 'pub')).toEqual({ channel: 'events', receivers: 1 });
      expect(await stepOutput(runId, 'push')).toEqual({ key: 'queue', length: 3 });
      expect(await stepOutput(runId, 'pop')).toEqual({ key: 'queue', values: ['a', 'b'] });
      expect(heard).toEqual(['deployed']);
      expect(await redisAdmin.lrange(`${REDIS_PREFIX}queue`, 0, -1)).toEqual(['c']);
      expect(await redisAdmin.ttl(`${REDIS_PREFIX}greeting`)).toBeGreaterThan(0);
    } finally {
      sub.disconnect();
    }
    const id = await create({ trigger: { type: 'manual' }, steps: [{ id: 'pop', type: 'action', action: 'redis.list_pop', input: { connectionId: conn['redis'], key: 'q', end: 'middle' } }] });
    const a = await activate(id);
    expect(a.statusCode).toBe(422);
    expect(a.json<{ errors?: { field: string }[] }>().errors?.map((e) => e.field)).toContain('steps.pop.input.end');
  });

  it('Redis: a wrong password is an authentication failure', async () => {
    // An ACL user the server does not know: AUTH answers WRONGPASS (a password alone for the default user
    // without one is only a warning to ioredis).
    const r = await connect('redis', { host: '127.0.0.1', db: REDIS_DB, username: 'atom-no-such-user', password: 'nope-redis-secret' });
    expect(r.statusCode).toBe(422);
    expect(r.json<{ code: string }>().code).toBe('integrations.credentials_rejected');
    expect(r.body).not.toContain('nope-redis-secret');
  });
});
