import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../../test/fakes/kit/http-server.js';
import { addMember, signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';

/**
 * Integration trigger configs are checked when a workflow is activated, not only when first polled: schema errors
 * name the field in words (422), and kit triggers ask their server whether the table / feed exists, through a
 * connection the workflow's author may use. Real PostgreSQL of this machine; a served feed.
 */
const TABLE = `atom_act_${process.pid}_${Date.now().toString(36)}`;
const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><item><guid>1</guid><title>One</title></item></channel></rss>`;

describe('integration trigger validation at activation', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let admin: pg.Client;
  let feed: Awaited<ReturnType<typeof startFakeServer>>;
  let pgConnection = '';

  type Problem = { code: string; detail: string; errors?: { field: string; message: string }[]; issues?: { field: string; where: string; message: string; hint: string }[] };
  const activate = async (actor: TestActor, trigger: Record<string, unknown>) => {
    const made = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: actor.bearer, payload: { name: `wf ${Math.random()}`, definition: { trigger, steps: [] } } });
    expect(made.statusCode, made.body).toBe(201);
    return t.app.inject({ method: 'POST', url: `/api/workflows/${made.json<{ id: string }>().id}/activate`, headers: actor.bearer, payload: {} });
  };

  beforeAll(async () => {
    admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await admin.connect();
    await admin.query(`CREATE TABLE ${TABLE} (id serial PRIMARY KEY, name text)`);
    feed = await startFakeServer((req, res, url) => {
      if (url.pathname === '/feed.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(rss);
      } else if (url.pathname === '/page.html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>not a feed</body></html>');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    t = await createTestApp('sqlite', { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_LOG_LEVEL: 'warn' });
    owner = await signUpOwner(t.app);
    const c = await t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service: 'postgresql', label: 'pg', credentials: { settings: { host: '127.0.0.1', database: 'test', user: 'postgres' } } } });
    expect(c.statusCode, c.body).toBe(201);
    pgConnection = c.json<{ id: string }>().id;
  }, 90_000);
  afterAll(async () => {
    await t?.cleanup();
    await feed?.close();
    await admin?.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    await admin?.end();
  });

  it('a config its schema refuses is a 422 naming the field in words', async () => {
    const r = await activate(owner, { type: 'integration', trigger: 'postgresql.new_row', connectionId: pgConnection, config: { table: 'orders; drop', column: 'id' } });
    expect(r.statusCode).toBe(422);
    const body = r.json<Problem>();
    expect(body.errors?.map((e) => e.field)).toEqual(['trigger.config.table']);
    expect(body.issues?.[0]).toMatchObject({ where: 'Trigger, field “Config › Table”', message: expect.stringMatching(/table name/) });
    const missing = await activate(owner, { type: 'integration', trigger: 'rss.new_item', config: {} });
    expect(missing.json<Problem>().issues?.[0]).toMatchObject({ field: 'trigger.config.url', where: 'Trigger, field “Config › URL”' });
  });

  it('an unknown trigger, or push for a polling trigger, is refused', async () => {
    const unknown = await activate(owner, { type: 'integration', trigger: 'nothing.new_thing', config: {} });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<Problem>().errors).toEqual([{ field: 'trigger.trigger', message: 'No integration trigger nothing.new_thing is installed.' }]);
    const push = await activate(owner, { type: 'integration', trigger: 'rss.new_item', mode: 'push', config: { url: `${feed.url}/feed.xml` } });
    expect(push.json<Problem>().errors?.[0]?.field).toBe('trigger.mode');
  });

  it('PostgreSQL: a table or column that does not exist is named at activation; an existing one activates', async () => {
    const noTable = await activate(owner, { type: 'integration', trigger: 'postgresql.new_row', connectionId: pgConnection, config: { table: `${TABLE}_missing`, column: 'id' } });
    expect(noTable.statusCode).toBe(422);
    expect(noTable.json<Problem>().errors?.[0]).toMatchObject({ field: 'trigger.config', message: expect.stringMatching(new RegExp(`${TABLE}_missing.*does not exist`)) });
    const noColumn = await activate(owner, { type: 'integration', trigger: 'postgresql.new_row', connectionId: pgConnection, config: { table: TABLE, column: 'created' } });
    expect(noColumn.json<Problem>().errors?.[0]?.message).toMatch(/column "created" does not exist/);
    const ok = await activate(owner, { type: 'integration', trigger: 'postgresql.new_row', connectionId: pgConnection, config: { table: TABLE, column: 'id' } });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('RSS: a URL that is not a feed, or does not answer, is refused; a feed activates', async () => {
    const notFound = await activate(owner, { type: 'integration', trigger: 'rss.new_item', config: { url: `${feed.url}/gone.xml` } });
    expect(notFound.statusCode).toBe(422);
    expect(notFound.json<Problem>().errors?.[0]?.message).toMatch(/HTTP 404/);
    const page = await activate(owner, { type: 'integration', trigger: 'rss.new_item', config: { url: `${feed.url}/page.html` } });
    expect(page.json<Problem>().errors?.[0]?.message).toMatch(/did not return an RSS or Atom feed/);
    expect((await activate(owner, { type: 'integration', trigger: 'rss.new_item', config: { url: `${feed.url}/feed.xml` } })).statusCode).toBe(200);
  });

  it("the check reads only through a connection the author may use: a colleague's personal one does not count", async () => {
    const bob = await addMember(t.app, owner, 'member');
    const alice = await addMember(t.app, owner, 'member');
    const bobs = await t.app.inject({ method: 'POST', url: '/api/connections', headers: bob.bearer, payload: { service: 'mysql', personal: true, credentials: { settings: { host: '127.0.0.1', database: 'test', user: 'root' } } } });
    expect(bobs.statusCode, bobs.body).toBe(201);
    // Named: the connection check refuses it (one wording, whether or not it exists); the probe adds nothing.
    const named = await activate(alice, { type: 'integration', trigger: 'mysql.new_row', connectionId: bobs.json<{ id: string }>().id, config: { table: 'anything', column: 'id' } });
    expect(named.statusCode).toBe(422);
    expect(named.json<Problem>().errors?.map((e) => e.field)).toEqual(['trigger.connectionId']);
    // Not named: Bob's personal connection is not one Alice's workflow may read through.
    const unnamed = await activate(alice, { type: 'integration', trigger: 'mysql.new_row', config: { table: 'anything', column: 'id' } });
    expect(unnamed.json<Problem>().errors).toEqual([{ field: 'trigger.connectionId', message: 'No mysql connection this workflow may use is set up; connect mysql first.' }]);
  });
});
