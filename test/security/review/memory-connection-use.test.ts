import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../support/auth.js';
import { dialects } from '../../support/context.js';
import { connectOAuth, documentTitles, memoryWorld, searchTitles, syncNow, type MemoryWorld } from './memory-sources-support.js';

/**
 * Finding 5, memory-source part: using a connection for a memory source (adding the source, and every
 * sync of it) needs the right to use that connection: its owner's personal connection, or a workspace
 * connection the member may use. A colleague's personal connection looks like it does not exist.
 */
describe.each(dialects)("finding 5: memory sources use only connections their owner may use (%s)", (dialect) => {
  let w: MemoryWorld;
  let owner: TestActor;
  let alice: TestActor;
  let bob: TestActor;
  let aliceConnection: string;

  beforeAll(async () => {
    w = await memoryWorld(dialect);
    owner = await signUpOwner(w.t.app);
    alice = await addMember(w.t.app, owner, 'member');
    bob = await addMember(w.t.app, owner, 'member');
    w.drive.add({ name: 'diary.txt', content: 'Private diary of the test pilot.', owners: ['alice@example.com'], sharedWith: [] });
    aliceConnection = await connectOAuth(w, alice, 'google-drive', { personal: true, account: 'alice@example.com' });
  }, 60_000);
  afterAll(() => w?.close());

  it("finding 5: a member cannot add a source on a colleague's personal connection by its id (404, token unused)", async () => {
    const before = w.drive.requests.length;
    const res = await w.t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: bob.bearer, payload: { kind: 'google_drive', name: 'Borrowed', integrationConnectionId: aliceConnection } });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json()).toMatchObject({ code: 'memory.source.connection_not_found' });
    expect(JSON.stringify(res.json())).not.toContain('alice@example.com');
    const listed = (await w.t.app.inject({ method: 'GET', url: '/api/memory/connections', headers: bob.bearer })).json() as { connections: unknown[] };
    expect(listed.connections).toEqual([]);
    expect(w.drive.requests.length).toBe(before);
    expect(await searchTitles(w, bob, 'private diary pilot')).toEqual([]);
  });

  it("finding 5: a member cannot sync (or delete) a colleague's source, which would use the colleague's token", async () => {
    const created = await w.t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: alice.bearer, payload: { kind: 'google_drive', name: "Alice's Drive", integrationConnectionId: aliceConnection } });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const before = w.drive.requests.length;
    const sync = await syncNow(w, bob, id);
    expect(sync.statusCode).toBe(403);
    expect(w.drive.requests.length).toBe(before);
    const del = await w.t.app.inject({ method: 'DELETE', url: `/api/memory/connections/${id}`, headers: bob.bearer });
    expect(del.statusCode).toBe(403);
    // Her own sync works.
    expect((await syncNow(w, alice, id)).job).toMatchObject({ status: 'finished', indexed: 1 });
    expect(await documentTitles(w, alice)).toEqual(['diary.txt']);
  });

  it('finding 5: once its owner lost the right to use the connection, a sync of the source does not use it', async () => {
    const carol = await addMember(w.t.app, owner, 'member');
    const conn = await connectOAuth(w, carol, 'google-drive', { personal: true, account: 'carol@example.com' });
    const created = await w.t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: carol.bearer, payload: { kind: 'google_drive', name: "Carol's Drive", integrationConnectionId: conn } });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    // Carol leaves the workspace; an admin syncs the source she left behind.
    const removed = await w.t.app.inject({ method: 'DELETE', url: `/api/members/${carol.userId}`, headers: owner.bearer });
    expect(removed.statusCode, removed.body).toBeLessThan(300);
    const before = w.drive.requests.length;
    const run = await syncNow(w, owner, id);
    expect(run.job?.status).toBe('failed');
    expect(w.drive.requests.length).toBe(before);
    expect(await searchTitles(w, owner, 'private diary pilot')).toEqual([]);
    expect(await documentTitles(w, owner)).toEqual([]);
  });
});
