import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../support/auth.js';
import { dialects } from '../../support/context.js';
import { connectOAuth, documentTitles, memoryWorld, searchTitles, syncNow, type MemoryWorld } from './memory-sources-support.js';

/**
 * Finding 3: a typed `accountEmail` granted that address's document permissions, so adding a source with
 * a colleague's address (or any address of a domain) made their private Drive documents searchable. The
 * identity that matches document permissions is now the one the provider vouched for when the connection
 * was made (Google's ID token, Graph `/me`), and only a member's own personal connection gives it to them.
 */
describe.each(dialects)('finding 3: verified identities for document permissions (%s)', (dialect) => {
  let w: MemoryWorld;
  let owner: TestActor;
  let boss: TestActor;
  let mallory: TestActor;

  beforeAll(async () => {
    w = await memoryWorld(dialect);
    owner = await signUpOwner(w.t.app);
    boss = await addMember(w.t.app, owner, 'member');
    mallory = await addMember(w.t.app, owner, 'member');
    w.drive.add({ name: 'payroll.txt', content: 'Payroll ledger: salaries of the glider works staff.', owners: ['boss@example.com'], sharedWith: [] });
    w.drive.add({ name: 'handbook.txt', content: 'Staff handbook for everyone at example.com.', owners: ['boss@example.com'], sharedWith: ['domain:example.com'] });
    // Boss connects his own Google account and syncs his Drive: his private payroll is his alone.
    const bossConnection = await connectOAuth(w, boss, 'google-drive', { personal: true, account: 'boss@example.com' });
    const source = await w.t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: boss.bearer, payload: { kind: 'google_drive', name: "Boss's Drive", integrationConnectionId: bossConnection } });
    expect(source.statusCode, source.body).toBe(201);
    expect(source.json()).toMatchObject({ accountEmail: 'boss@example.com' });
    expect((await syncNow(w, boss, (source.json() as { id: string }).id)).job).toMatchObject({ status: 'finished', indexed: 2 });
  }, 60_000);
  afterAll(() => w?.close());

  it('finding 3: the connected account sees its own private documents (control)', async () => {
    expect(await documentTitles(w, boss)).toEqual(['handbook.txt', 'payroll.txt']);
  });

  it('finding 3: the accounts that come with the credentials (token or session) open the same documents as asking the connections', async () => {
    const viaSession = await w.t.app.inject({ method: 'GET', url: `/api/memory/search?q=${encodeURIComponent('payroll salaries')}&mode=fulltext`, headers: { cookie: boss.cookie } });
    expect(viaSession.statusCode, viaSession.body).toBe(200);
    expect((viaSession.json() as { hits: { title: string }[] }).hits.map((h) => h.title)).toEqual(['payroll.txt']);
    expect(await searchTitles(w, boss, 'payroll salaries')).toEqual(['payroll.txt']);
    // Her session and token bring her own accounts only.
    const hers = await w.t.app.inject({ method: 'GET', url: `/api/memory/search?q=${encodeURIComponent('payroll salaries')}&mode=fulltext`, headers: { cookie: mallory.cookie } });
    expect((hers.json() as { hits: unknown[] }).hits).toEqual([]);
    // The accounts grant nothing on their own: the boss's token narrowed to a role without memory:read is refused.
    const role = await w.t.app.inject({ method: 'POST', url: '/api/roles', headers: owner.bearer, payload: { name: 'workflows only', permissions: ['workflows:read'] } });
    expect(role.statusCode, role.body).toBe(201);
    const narrowToken = await w.t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: boss.cookie, 'x-csrf-token': boss.csrf }, payload: { name: 'narrow', role: 'workflows only', expiresInDays: 1 } });
    expect(narrowToken.statusCode, narrowToken.body).toBe(201);
    const narrow = await w.t.app.inject({ method: 'GET', url: `/api/memory/search?q=${encodeURIComponent('payroll salaries')}&mode=fulltext`, headers: { authorization: `Bearer ${(narrowToken.json() as { token: string }).token}` } });
    expect(narrow.statusCode).toBe(403);
    expect(narrow.json()).not.toHaveProperty('hits');
  });

  it("finding 3: a member cannot type a colleague's address (or one of the domain) into a source to read their documents", async () => {
    for (const accountEmail of ['boss@example.com', 'someone@example.com']) {
      const typed = await w.t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: mallory.bearer, payload: { kind: 'google_drive', name: 'Not mine', accountEmail } });
      expect(typed.statusCode, typed.body).toBe(400);
      expect(JSON.stringify(typed.json())).toContain('accountEmail');
    }
    // Her own connection signed in as her: the typed address is refused there too, not silently used.
    const own = await connectOAuth(w, mallory, 'google-drive', { personal: true, account: 'mallory@elsewhere.org' });
    const onOwn = await w.t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: mallory.bearer, payload: { kind: 'google_drive', integrationConnectionId: own, accountEmail: 'boss@example.com' } });
    expect(onOwn.statusCode, onOwn.body).toBe(400);
    expect(JSON.stringify(onOwn.json())).toContain('accountEmail');

    expect(await searchTitles(w, mallory, 'payroll salaries')).toEqual([]);
    expect(await searchTitles(w, mallory, 'staff handbook')).toEqual([]);
    const docs = (await w.t.app.inject({ method: 'GET', url: '/api/memory/documents', headers: mallory.bearer })).json() as { documents: { title: string }[] };
    expect(docs.documents.map((d) => d.title)).toEqual([]);
  });

  it("finding 3: a source on a shared workspace connection gives members none of its account's permissions", async () => {
    // The owner connects the boss's account for the whole workspace (a shared connection).
    w.drive.add({ name: 'bonus.txt', content: 'Bonus plan for the directors only.', owners: ['boss@example.com'], sharedWith: [] });
    const shared = await connectOAuth(w, owner, 'google-drive', { personal: false, account: 'boss@example.com' });
    const source = await w.t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: mallory.bearer, payload: { kind: 'google_drive', name: 'Team Drive', integrationConnectionId: shared } });
    expect(source.statusCode, source.body).toBe(201);
    // The source carries the identity the provider vouched for, not one anybody typed.
    expect(source.json()).toMatchObject({ accountEmail: 'boss@example.com' });
    expect((await syncNow(w, mallory, (source.json() as { id: string }).id)).job).toMatchObject({ status: 'finished' });

    expect(await searchTitles(w, mallory, 'bonus directors')).toEqual([]);
    expect(await searchTitles(w, mallory, 'payroll salaries')).toEqual([]);
    expect(await searchTitles(w, owner, 'bonus directors')).toEqual([]);
    expect(await documentTitles(w, mallory)).toEqual([]);
    expect(await documentTitles(w, owner)).toEqual([]);
    // The person whose account it is still finds it, through their own personal connection.
    expect(await documentTitles(w, boss)).toContain('bonus.txt');
  });

  it('finding 3: OneDrive identity comes from Graph /me of the connection, not from the form', async () => {
    w.graph.add({ name: 'forecast.txt', content: 'Sales forecast for the contoso region.', sharedWith: [] });
    const conn = await connectOAuth(w, mallory, 'onedrive', { personal: true, account: 'mallory@contoso.com' });
    const source = await w.t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: mallory.bearer, payload: { kind: 'onedrive', integrationConnectionId: conn, settings: { driveId: w.graph.driveId } } });
    expect(source.statusCode, source.body).toBe(201);
    expect(source.json()).toMatchObject({ accountEmail: 'mallory@contoso.com' });
  });
});
