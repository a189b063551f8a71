import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../../integrations/google-drive/fake.js';
import { startFakeMicrosoftGraph, type FakeMicrosoftGraph } from '../../../test/fakes/microsoft-graph/server.js';
import { signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { makeDocx } from '../extract/fixtures.test-support.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * The whole path over HTTP: connect Google Drive / OneDrive through the integrations OAuth round trip
 * (against the fakes' authorize and token endpoints), add the connection as a memory source, "sync now",
 * and find the files; the sync asks the OAuth engine for tokens and renews a refused one.
 */
describe.each(dialects)('memory sources signed in through integrations connections (%s)', (dialect) => {
  let t: TestApp;
  let drive: FakeGoogleDrive;
  let graph: FakeMicrosoftGraph;
  // A real member: each sync checks that the source's owner may still use its connection.
  let alice: Record<string, string>;

  beforeAll(async () => {
    drive = await startFakeGoogleDrive();
    graph = await startFakeMicrosoftGraph();
    const app = (base: string, apiBaseUrl: string) => ({ clientId: 'atom', clientSecret: 'secret', authorizeUrl: `${base}/oauth2/authorize`, tokenUrl: `${base}/oauth2/token`, apiBaseUrl });
    t = await createTestApp(dialect, {
      ATOM_INTEGRATIONS: JSON.stringify({ 'google-drive': app(drive.url, `${drive.url}/drive/v3`), onedrive: app(graph.oauthUrl, graph.url) }),
      // The fakes listen on 127.0.0.1: allowed through the sync's SSRF guard the way an admin would.
      ATOM_SSRF_ALLOW: '127.0.0.1',
      ATOM_LOG_LEVEL: 'warn',
    });
    alice = (await signUpOwner(t.app)).bearer;
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
    await drive?.close();
    await graph?.close();
  });

  /** The OAuth round trip as the browser would make it: start → provider consent → Atom's callback. */
  const connect = async (service: string): Promise<string> => {
    const start = await t.app.inject({ method: 'POST', url: `/api/connections/${service}/oauth/start`, headers: alice, payload: { personal: true } });
    expect(start.statusCode, start.body).toBe(200);
    const consent = await fetch((start.json() as { authorizationUrl: string }).authorizationUrl, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location')!);
    const callback = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: alice });
    expect(callback.statusCode, callback.body).toBe(302);
    const id = /\/integrations\/connections\/([^?]+)/.exec(callback.headers.location as string)?.[1];
    expect(id).toBeTruthy();
    return decodeURIComponent(id!);
  };

  const syncNow = async (sourceId: string) => {
    const started = await t.app.inject({ method: 'POST', url: `/api/memory/connections/${sourceId}/sync`, headers: alice });
    expect(started.statusCode, started.body).toBe(202);
    const jobId = (started.json() as { id: string }).id;
    let job = { status: 'running', done: 0, indexed: 0, error: undefined as string | undefined };
    for (let i = 0; i < 200 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await t.app.inject({ method: 'GET', url: `/api/memory/jobs/${jobId}`, headers: alice })).json() as typeof job;
    }
    return job;
  };

  const search = async (q: string) =>
    ((await t.app.inject({ method: 'GET', url: `/api/memory/search?q=${encodeURIComponent(q)}`, headers: alice })).json() as { hits: { title: string; source: string }[] }).hits;

  it('Google Drive: connect, add as a source, sync now, search; a refused token is renewed', async () => {
    drive.add({ name: 'wing-spar.txt', content: 'The carbon wing spar passed the load test at 3.8 g.', sharedWith: ['alice@example.com'] });
    drive.add({ name: 'Elevator trim', mimeType: 'application/vnd.google-apps.document', content: await makeDocx([['Heading1', 'Elevator trim'], ['', 'Elevator trim tab geometry for the glider.']]), sharedWith: ['alice@example.com'] });
    const connectionId = await connect('google-drive');

    const created = await t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: alice, payload: { kind: 'google_drive', integrationConnectionId: connectionId } });
    expect(created.statusCode, created.body).toBe(201);
    const source = created.json() as { id: string; name: string; integrationConnectionId: string };
    // Its account is the one Google vouched for (the ID token of the consent), not a typed one.
    expect(source).toMatchObject({ integrationConnectionId: connectionId, name: 'Google Drive', accountEmail: 'alice@example.com' });

    const job = await syncNow(source.id);
    expect(job).toMatchObject({ status: 'finished', done: 2, indexed: 2 });
    expect((await search('carbon wing spar load'))[0]).toMatchObject({ title: 'wing-spar.txt', source: 'google_drive' });
    expect((await search('elevator trim tab'))[0]).toMatchObject({ title: 'Elevator trim' });
    expect(drive.oauth.grants).toEqual(['authorization_code']);

    // The provider stops accepting the token: the sync asks the engine again and goes on with a renewed one.
    drive.oauth.expireAccessTokens();
    drive.add({ name: 'rudder.txt', content: 'Rudder pedal adjustment notes.', sharedWith: ['alice@example.com'] });
    const again = await syncNow(source.id);
    expect(again).toMatchObject({ status: 'finished', indexed: 1 });
    expect(drive.oauth.grants).toEqual(['authorization_code', 'refresh_token']);
    expect((await search('rudder pedal'))[0]).toMatchObject({ title: 'rudder.txt' });

    // While another process holds the source's sync lease, "sync now" is refused instead of running twice.
    await t.ctx.db.updateTable('memory_connections').set({ sync_lease_owner: 'other-process', sync_lease_until: new Date(Date.now() + 60_000).toISOString() }).where('id', '=', source.id).execute();
    const busy = await t.app.inject({ method: 'POST', url: `/api/memory/connections/${source.id}/sync`, headers: alice });
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'memory.source.sync_running' });
    await t.ctx.db.updateTable('memory_connections').set({ sync_lease_owner: null, sync_lease_until: null }).where('id', '=', source.id).execute();

    const sources = (await t.app.inject({ method: 'GET', url: '/api/memory/connections', headers: alice })).json() as { connections: { id: string; status: string; syncJobId?: string }[] };
    expect(sources.connections.find((c) => c.id === source.id)).toMatchObject({ status: 'idle', syncJobId: expect.any(String) });
  });

  it('OneDrive: connect, add as a source, sync now, search', async () => {
    graph.add({ name: 'budget.txt', content: 'Hangar budget for the winter season.', sharedWith: ['alice@contoso.com'] });
    const connectionId = await connect('onedrive');
    const created = await t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: alice, payload: { kind: 'onedrive', name: 'Work OneDrive', integrationConnectionId: connectionId, settings: { driveId: graph.driveId } } });
    expect(created.statusCode, created.body).toBe(201);
    const job = await syncNow((created.json() as { id: string }).id);
    expect(job).toMatchObject({ status: 'finished', done: 1, indexed: 1 });
    expect((await search('hangar budget winter'))[0]).toMatchObject({ title: 'budget.txt', source: 'onedrive' });
  });

  it("refuses a connection of another service, another workspace's, and a typed account", async () => {
    const driveConnection = await connect('google-drive');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: alice, payload: { kind: 'onedrive', integrationConnectionId: driveConnection } });
    expect(wrong.statusCode).toBe(400);
    expect(JSON.stringify(wrong.json())).toContain('integrationConnectionId');
    const other: TestActor = await signUpOwner(t.app);
    const foreign = await t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: other.bearer, payload: { kind: 'google_drive', integrationConnectionId: driveConnection } });
    expect(foreign.statusCode).toBe(404);
    const typed = await t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: alice, payload: { kind: 'google_drive', integrationConnectionId: driveConnection, accountEmail: 'alice@example.com' } });
    expect(typed.statusCode).toBe(400);
    expect(JSON.stringify(typed.json())).toContain('accountEmail');
  });
});
