import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../slack/fake.js';
import { signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';
import { workflowRuntime } from '../../workflows/index.js';
import { integrationTriggers } from '../registry.js';
import { pollTriggers } from '../triggers/poller.js';

/**
 * Issue 18's first acceptance workflow, without the Sheets step: a new row in a real PostgreSQL table posts to
 * Slack (the Slack fake), end to end through the API, the poller and the engine. Also: the catalog counts the
 * server services as working.
 */
const TABLE = `atom_e2e_orders_${process.pid}_${Date.now().toString(36)}`;

describe('new row in PostgreSQL → post to Slack', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let slack: SlackFake;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await admin.connect();
    await admin.query(`CREATE TABLE ${TABLE} (id bigserial PRIMARY KEY, customer text NOT NULL, total numeric(10,2) NOT NULL)`);
    slack = await startSlackFake();
    t = await createTestApp('sqlite', {
      ATOM_LOGIN_DELAY_MS: '0',
      ATOM_RATE_LIMIT_PER_MINUTE: '100000',
      ATOM_SSRF_ALLOW: '127.0.0.1',
      ATOM_LOG_LEVEL: 'warn',
      ATOM_INTEGRATIONS: JSON.stringify({ slack: { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${slack.url}/api`, tokenUrl: `${slack.url}/api/oauth.v2.access` } }),
    });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
  }, 90_000);
  afterAll(async () => {
    await t?.cleanup();
    await slack?.close();
    await admin?.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    await admin?.end();
  });

  it('the catalog lists the server services as working (not catalog-only)', async () => {
    const r = await t.app.inject({ url: '/api/integrations', headers: owner.bearer });
    const items = r.json<{ items: { id: string; catalogOnly: boolean; authKind: string }[] }>().items;
    for (const id of ['postgresql', 'mysql', 'redis', 'imap-smtp', 'sftp', 'rss']) expect(items.find((s) => s.id === id), id).toMatchObject({ catalogOnly: false });
    expect(items.find((s) => s.id === 'postgresql')?.authKind).toBe('server');
  });

  it('each new order row becomes one Slack message', async () => {
    const pgConn = await t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service: 'postgresql', credentials: { settings: { host: '127.0.0.1', database: 'test', user: 'postgres' } } } });
    expect(pgConn.statusCode, pgConn.body).toBe(201);
    const slackConn = await t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service: 'slack', verify: false, credentials: { accessToken: slack.issue() } } });
    expect(slackConn.statusCode, slackConn.body).toBe(201);
    await admin.query(`INSERT INTO ${TABLE} (customer, total) VALUES ('before', 1)`);
    const definition = {
      trigger: { type: 'integration', trigger: 'postgresql.new_row', connectionId: pgConn.json<{ id: string }>().id, pollMinutes: 1, config: { table: TABLE, column: 'id' } },
      steps: [{ id: 'post', type: 'action', action: 'slack.post_message', input: { channel: 'C001', text: 'New order from {{ trigger.row.customer }}: {{ trigger.row.total }}' } }],
    };
    const wf = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'orders to slack', definition } });
    expect(wf.statusCode, wf.body).toBe(201);
    const id = wf.json<{ id: string }>().id;
    const act = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} });
    expect(act.statusCode, act.body).toBe(200);

    let now = Date.now();
    const pass = () => pollTriggers(t.ctx, workflowRuntime(t.ctx).events, integrationTriggers, { clock: { now: () => (now += 2 * 60_000) } });
    expect(await pass()).toMatchObject({ events: 0, failed: 0 });
    await admin.query(`INSERT INTO ${TABLE} (customer, total) VALUES ('Ada', 12.50), ('Grace', 99)`);
    expect(await pass()).toMatchObject({ events: 2, failed: 0 });

    const deadline = Date.now() + 20_000;
    const ours = () => slack.posted.filter((p) => p.text.startsWith('New order from'));
    while (ours().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(ours().map((p) => p.text).sort()).toEqual(['New order from Ada: 12.50', 'New order from Grace: 99.00']);
    expect(await pass()).toMatchObject({ events: 0 });
    expect(ours()).toHaveLength(2);
  });
});
