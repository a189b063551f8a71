import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../../integrations/google-drive/fake.js';
import { startFakeMicrosoftGraph, type FakeMicrosoftGraph } from '../../../test/fakes/microsoft-graph/server.js';
import { createTestContext, dialects, type TestContext } from '../../../test/support/context.js';
import { makeDocx } from '../extract/fixtures.test-support.js';
import { createMemory, type Memory } from '../memory.js';
import { callerPrincipals } from '../principals.js';
import { searchMemory } from '../search/hybrid.js';
import { sourceApiEnv } from '../test-support.js';
import type { MemoryConnection } from '../tables.js';
import { adapterFor, syncConnection } from './index.js';

const noSleep = (waits: number[]) => async (ms: number) => void waits.push(ms);

describe.each(dialects)('source sync on %s', (dialect) => {
  let t: TestContext;
  let memory: Memory;
  let drive: FakeGoogleDrive;
  let graph: FakeMicrosoftGraph;
  let driveConn: MemoryConnection;
  let graphConn: MemoryConnection;
  const waits: number[] = [];

  const sync = (c: MemoryConnection, signal?: AbortSignal) =>
    syncConnection(memory, c, adapterFor(memory, c, async (conn) => (conn.kind === 'google_drive' ? drive.token : graph.token), { sleep: noSleep(waits), ...(signal ? { signal } : {}) }), signal ? { signal } : {});
  const storedIds = async (c: MemoryConnection) =>
    (await memory.documents.list('ws-1', ['*', 'email:me@example.com', 'email:me@contoso.com', 'domain:contoso.com', 'email:owner@example.com', 'email:owner@contoso.com'], { connectionId: c.id, limit: 500 }))
      .filter((d) => d.status === 'indexed')
      .map((d) => d.external_id)
      .sort();
  const chunkRows = async (c: MemoryConnection) => memory.index.table.countRows(`connection_id = '${c.id}'`);
  const expectedChunks = async (c: MemoryConnection) =>
    (await memory.documents.list('ws-1', ['*', 'email:me@example.com', 'email:me@contoso.com', 'email:owner@example.com', 'email:owner@contoso.com', 'domain:contoso.com'], { connectionId: c.id, limit: 500 })).reduce((s, d) => s + Number(d.chunk_count), 0);
  const search = (q: string, userEmail: string, workspaceId = 'ws-1') =>
    searchMemory(memory, { q, workspaceId, principals: callerPrincipals('u1', [{ email: userEmail, domain: userEmail.split('@')[1] ?? null }]), limit: 20 });

  // Fresh fakes per test, and a server configured (as an admin would) with their API addresses.
  beforeEach(async () => {
    drive = await startFakeGoogleDrive();
    graph = await startFakeMicrosoftGraph();
    t = await createTestContext(dialect, sourceApiEnv({ drive: drive.url, graph: graph.url }));
    memory = await createMemory(t.ctx);
    driveConn = await memory.connections.create({ workspaceId: 'ws-1', kind: 'google_drive', name: 'Drive', ownerUserId: 'u1', accountEmail: 'me@example.com' });
    graphConn = await memory.connections.create({ workspaceId: 'ws-1', kind: 'onedrive', name: 'OneDrive', ownerUserId: 'u1', accountEmail: 'me@contoso.com', settings: { driveId: graph.driveId } });
  });
  afterEach(async () => {
    await memory.close();
    await t.cleanup();
    await drive.close();
    await graph.close();
  });

  it('Drive: full sync ends with exactly the source files, Google Docs exported, then changes converge', async () => {
    drive.pageSize = 3;
    drive.emptyFirstPage = true;
    for (let i = 0; i < 7; i++) drive.add({ name: `note-${i}.txt`, content: `Drive note number ${i} about propeller noise.`, sharedWith: ['me@example.com'] });
    const gdoc = drive.add({ name: 'Design doc', mimeType: 'application/vnd.google-apps.document', content: await makeDocx([['Heading1', 'Design'], ['', 'The winglet reduces induced drag.']]), sharedWith: ['me@example.com'] });
    drive.add({ name: 'Folder', mimeType: 'application/vnd.google-apps.folder', content: '' });
    const shared = drive.add({ name: 'team.txt', content: 'Shared drive file about rudders.', driveId: 'sd1', sharedWith: ['domain:example.com'] });
    const r1 = await sync(driveConn);
    expect(r1.phase).toBe('full');
    const expected = [...drive.files.values()].filter((f) => f.mimeType !== 'application/vnd.google-apps.folder').map((f) => f.id).sort();
    expect(await storedIds(driveConn)).toEqual(expected);
    expect((await search('winglet induced drag', 'me@example.com')).hits[0]?.title).toBe('Design');
    expect(drive.requests.some((r) => r.includes(`/files/${gdoc.id}/export?mimeType=`))).toBe(true);
    expect(await chunkRows(driveConn)).toBe(await expectedChunks(driveConn));

    // Edits, a move out of scope (trash), a deletion, a new file: the incremental round converges.
    const ids = [...drive.files.keys()];
    drive.update(ids[0]!, { content: 'Drive note zero now discusses flaps.' });
    drive.update(ids[1]!, { trashed: true });
    drive.remove(ids[2]!);
    drive.update(shared.id, { name: 'team-renamed.txt' });
    drive.add({ name: 'new.txt', content: 'A brand new note on slats.', sharedWith: ['me@example.com'] });
    const r2 = await sync(driveConn);
    expect(r2.phase).toBe('incremental');
    expect(r2.removed).toBe(2);
    const now = [...drive.files.values()].filter((f) => !f.trashed && f.mimeType !== 'application/vnd.google-apps.folder').map((f) => f.id).sort();
    expect(await storedIds(driveConn)).toEqual(now);
    const propeller = (await search('propeller noise', 'me@example.com')).hits;
    expect(propeller.filter((h) => h.passages[0]!.snippet.includes('<mark>propeller</mark>')).length).toBe(4);
    expect(propeller.slice(0, 4).every((h) => h.passages[0]!.snippet.includes('<mark>propeller</mark>'))).toBe(true);
    expect((await search('flaps', 'me@example.com')).hits[0]?.title).toBe('note-0.txt');
    expect((await search('rudders', 'me@example.com')).hits[0]?.title).toBe('team-renamed.txt');
    expect(await chunkRows(driveConn)).toBe(await expectedChunks(driveConn));
    // Unchanged files are not downloaded again.
    const downloads = drive.requests.filter((r) => r.includes('alt=media')).length;
    await sync(driveConn);
    expect(drive.requests.filter((r) => r.includes('alt=media')).length).toBe(downloads);
  });

  it('Drive: throttling (403 userRateLimitExceeded, 429 + Retry-After) slows the sync down, never fails it', async () => {
    for (let i = 0; i < 3; i++) drive.add({ name: `t${i}.txt`, content: `Throttled file ${i}` });
    waits.length = 0;
    drive.throttle([{ kind: '403' }, { kind: '429', retryAfter: 7 }, { kind: '403' }]);
    await sync(driveConn);
    expect(await storedIds(driveConn)).toHaveLength(3);
    expect(waits.length).toBe(3);
    expect(waits).toContain(7000);
  });

  it('Drive: a sync killed half way resumes from its saved page and converges without duplicates', async () => {
    drive.pageSize = 2;
    for (let i = 0; i < 9; i++) drive.add({ name: `k${i}.txt`, content: `Killable file ${i} about ailerons.` });
    const stop = new AbortController();
    let pages = 0;
    const adapter = adapterFor(memory, driveConn, async () => drive.token, { sleep: noSleep(waits), signal: stop.signal });
    const listAll = adapter.listAll.bind(adapter);
    adapter.listAll = async (cursor) => {
      if (++pages === 3) stop.abort();
      return listAll(cursor);
    };
    await expect(syncConnection(memory, driveConn, adapter, { signal: stop.signal })).rejects.toThrow();
    const partial = await storedIds(driveConn);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(9);
    const state = await memory.syncState.get(driveConn.id);
    expect(state?.phase).toBe('full');
    expect(state?.page_cursor).not.toBeNull();
    // The restart continues from the saved cursor rather than from page one.
    const before = drive.requests.length;
    await sync(driveConn);
    expect(drive.requests.slice(before).some((r) => r.startsWith('GET /drive/v3/files?') && !r.includes('pageToken='))).toBe(false);
    expect(await storedIds(driveConn)).toEqual([...drive.files.keys()].sort());
    expect(await chunkRows(driveConn)).toBe(9);
  });

  it('Drive: a rejected page token restarts the enumeration', async () => {
    drive.add({ name: 'a.txt', content: 'alpha' });
    await sync(driveConn);
    await memory.syncState.save({ ...(await memory.syncState.get(driveConn.id))!, next_cursor: '999999' });
    drive.add({ name: 'b.txt', content: 'beta' });
    const r = await sync(driveConn);
    expect(r.resynced).toBe(true);
    expect(await storedIds(driveConn)).toEqual([...drive.files.keys()].sort());
  });

  it('OneDrive: delta enumeration, 302 downloads without the token, deleted facet, repeats, 410 resync', async () => {
    graph.pageSize = 2;
    graph.repeatItems = true;
    for (let i = 0; i < 5; i++) graph.add({ name: `g${i}.txt`, content: `OneDrive file ${i} on spoilers.`, sharedWith: ['me@contoso.com'] });
    await sync(graphConn);
    expect(await storedIds(graphConn)).toEqual([...graph.items.keys()].sort());
    const downloads = graph.requests.filter((r) => r.path.startsWith('/download/'));
    expect(downloads.length).toBe(5);
    expect(downloads.every((r) => r.authorization === undefined)).toBe(true);
    expect(await chunkRows(graphConn)).toBe(5);

    const ids = [...graph.items.keys()];
    graph.remove(ids[0]!);
    graph.update(ids[1]!, { content: 'Rewritten to talk about elevators.' });
    graph.add({ name: 'late.txt', content: 'Late arrival about trim tabs.' });
    const r2 = await sync(graphConn);
    expect(r2.phase).toBe('incremental');
    expect(await storedIds(graphConn)).toEqual([...graph.items.keys()].sort());
    expect((await search('elevators', 'me@contoso.com')).hits[0]?.title).toBe('g1.txt');

    graph.expireDeltaLinks();
    graph.remove(ids[2]!);
    waits.length = 0;
    graph.throttle([{ status: 429, retryAfter: '3' }, { status: 503, retryAfter: '1' }]);
    const r3 = await sync(graphConn);
    expect(r3.resynced).toBe(true);
    expect(waits).toEqual([3000, 1000]);
    expect(await storedIds(graphConn)).toEqual([...graph.items.keys()].sort());
    expect(await chunkRows(graphConn)).toBe(await expectedChunks(graphConn));
  });

  it('permissions: a file the source does not share with the user never appears; another workspace sees nothing', async () => {
    drive.add({ name: 'mine.txt', content: 'Wind shear report for me.', sharedWith: ['me@example.com'] });
    drive.add({ name: 'ceo-only.txt', content: 'Wind shear acquisition plans.', owners: ['ceo@example.com'], sharedWith: [] });
    await sync(driveConn);
    // The connected account lists only what it can see; the fake lists everything, so the CEO's file is
    // stored, but only its owner (and the connected account) may read it.
    const other = await search('wind shear', 'intern@elsewhere.org');
    expect(other.hits).toEqual([]);
    const ceo = await search('wind shear', 'ceo@example.com');
    expect(ceo.hits.map((h) => h.title).sort()).toEqual(['ceo-only.txt']);
    const otherWs = await search('wind shear', 'me@example.com', 'ws-2');
    expect(otherWs.hits).toEqual([]);
  });

  it('the same document in Drive and OneDrive is one hit listing both places', async () => {
    const bytes = await makeDocx([['Heading1', 'Wing loading'], ['', 'Gust response of high aspect ratio wings.']]);
    drive.add({ name: 'wing.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: bytes, sharedWith: ['me@example.com'] });
    graph.add({ name: 'wing.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: bytes, sharedWith: ['me@example.com'] });
    await sync(driveConn);
    await sync(graphConn);
    const r = await search('gust response', 'me@example.com');
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0]!.locations.map((l) => l.source).sort()).toEqual(['google_drive', 'onedrive']);
    expect(r.hits[0]!.locations.every((l) => l.url?.startsWith('https://'))).toBe(true);
  });
});
