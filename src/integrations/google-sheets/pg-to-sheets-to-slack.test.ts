import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDERS_ID, startSheetsFake, type SheetsFake } from './fake.js';
import { startSlackFake, type SlackFake } from '../slack/fake.js';
import { signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';
import { workflowRuntime } from '../../workflows/index.js';
import { integrationTriggers } from '../registry.js';
import { pollTriggers } from '../triggers/poller.js';

/**
 * Issue 18's acceptance workflow: a new row in a real PostgreSQL table is appended to a Google Sheet (the Sheets
 * fake) and announced in Slack (the Slack fake) with the sheet row it landed on, end to end through the API, the
 * poller and the engine.
 */
const TABLE = `atom_e2e_sheet_orders_${process.pid}_${Date.now().toString(36)}`;

describe('new row in PostgreSQL → append to Google Sheet → post to Slack', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let sheets: SheetsFake;
  let slack: SlackFake;
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await admin.connect();
    await admin.query(`CREATE TABLE ${TABLE} (id bigserial PRIMARY KEY, customer text NOT NULL, email text NOT NULL, total numeric(10,2) NOT NULL)`);
    [sheets, slack] = await Promise.all([startSheetsFake(), startSlackFake()]);
    t = await createTestApp('sqlite', {
      ATOM_LOGIN_DELAY_MS: '0',
      ATOM_RATE_LIMIT_PER_MINUTE: '100000',
      ATOM_SSRF_ALLOW: '127.0.0.1',
      ATOM_LOG_LEVEL: 'warn',
      ATOM_INTEGRATIONS: JSON.stringify({
        slack: { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${slack.url}/api`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
        'google-sheets': { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${sheets.url}/v4`, tokenUrl: `${sheets.url}/token` },
      }),
    });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
  }, 90_000);
  afterAll(async () => {
    await t?.cleanup();
    await Promise.all([sheets?.close(), slack?.close()]);
    await admin?.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    await admin?.end();
  });

  it('the catalog lists Google Sheets as working, with its operations and trigger', async () => {
    const r = await t.app.inject({ url: '/api/integrations/google-sheets', headers: owner.bearer });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{ catalogOnly: boolean; actions: { id: string }[]; triggers: { id: string }[] }>();
    expect(body.catalogOnly).toBe(false);
    expect(body.actions.map((a) => a.id).sort()).toEqual(['google_sheets.append_row', 'google_sheets.get_rows', 'google_sheets.list_sheets', 'google_sheets.lookup_rows', 'google_sheets.update_row']);
    expect(body.triggers.map((a) => a.id)).toEqual(['google_sheets.new_row']);
  });

  it('each new order row is one sheet row and one Slack message naming it', async () => {
    const connect = async (payload: Record<string, unknown>) => {
      const r = await t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload });
      expect(r.statusCode, r.body).toBe(201);
      return r.json<{ id: string }>().id;
    };
    const pgConn = await connect({ service: 'postgresql', credentials: { settings: { host: '127.0.0.1', database: 'test', user: 'postgres' } } });
    await connect({ service: 'google-sheets', verify: false, credentials: { accessToken: sheets.issue() } });
    await connect({ service: 'slack', verify: false, credentials: { accessToken: slack.issue() } });
    await admin.query(`INSERT INTO ${TABLE} (customer, email, total) VALUES ('before', 'b@example.com', 1)`);

    const definition = {
      trigger: { type: 'integration', trigger: 'postgresql.new_row', connectionId: pgConn, pollMinutes: 1, config: { table: TABLE, column: 'id' } },
      steps: [
        { id: 'append', type: 'action', action: 'google_sheets.append_row', input: { spreadsheetId: `https://docs.google.com/spreadsheets/d/${ORDERS_ID}/edit`, sheet: 'Orders', values: { Customer: '{{ trigger.row.customer }}', Email: '{{ trigger.row.email }}', Total: '{{ trigger.row.total }}' } } },
        { id: 'post', type: 'action', action: 'slack.post_message', input: { channel: 'C001', text: 'New order from {{ trigger.row.customer }} ({{ trigger.row.total }}) is row {{ steps.append.rowNumber }} of Orders' } },
      ],
    };
    const wf = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'orders to sheet and slack', definition } });
    expect(wf.statusCode, wf.body).toBe(201);
    const id = wf.json<{ id: string }>().id;
    const act = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} });
    expect(act.statusCode, act.body).toBe(200);

    let now = Date.now();
    const pass = () => pollTriggers(t.ctx, workflowRuntime(t.ctx).events, integrationTriggers, { clock: { now: () => (now += 2 * 60_000) } });
    expect(await pass()).toMatchObject({ events: 0, failed: 0 });
    await admin.query(`INSERT INTO ${TABLE} (customer, email, total) VALUES ('Hedy', 'hedy@example.com', 12.50), ('Alan', 'alan@example.com', 99)`);
    expect(await pass()).toMatchObject({ events: 2, failed: 0 });

    const ours = () => slack.posted.filter((p) => p.text.startsWith('New order from'));
    const deadline = Date.now() + 20_000;
    while (ours().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const rows = sheets.rowsOf(ORDERS_ID, 'Orders');
    // The seeded sheet has a header and three rows; the two orders land on rows 5 and 6, in either order.
    expect(rows.slice(4).sort()).toEqual([['Alan', 'alan@example.com', '99.00'], ['Hedy', 'hedy@example.com', '12.50']]);
    const rowOf = (name: string) => rows.findIndex((r) => r[0] === name) + 1;
    expect(ours().map((p) => p.text).sort()).toEqual([`New order from Alan (99.00) is row ${rowOf('Alan')} of Orders`, `New order from Hedy (12.50) is row ${rowOf('Hedy')} of Orders`]);
    expect(sheets.writes.every((w) => w.valueInputOption === 'RAW')).toBe(true);

    // Nothing new: no more rows, no more messages.
    expect(await pass()).toMatchObject({ events: 0 });
    expect(sheets.rowsOf(ORDERS_ID, 'Orders')).toHaveLength(6);
    expect(ours()).toHaveLength(2);
  });
});
