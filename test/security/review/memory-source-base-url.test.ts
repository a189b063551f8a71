import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startFakeServer } from '../../fakes/kit/http-server.js';
import { addMember, signUpOwner, type TestActor } from '../../support/auth.js';
import { dialects } from '../../support/context.js';
import { connectOAuth, memoryWorld, syncNow, type MemoryWorld } from './memory-sources-support.js';

/**
 * Finding 2: a memory source's `settings.baseUrl` overrode the admin's API address, so a member pointed a
 * source on a shared Google Drive connection at their own host and received the bearer token (and, at
 * 127.0.0.1, reached internal addresses). API addresses now come from server configuration only, and
 * every request of a sync goes through the SSRF guard.
 */
describe.each(dialects)('finding 2: memory source API addresses (%s)', (dialect) => {
  let w: MemoryWorld;
  let owner: TestActor;
  let member: TestActor;
  let catcher: Awaited<ReturnType<typeof startFakeServer>>;
  const caught: { path: string; authorization: string | undefined }[] = [];

  beforeAll(async () => {
    catcher = await startFakeServer((req, res, url) => {
      caught.push({ path: url.pathname, authorization: req.headers.authorization });
      sendJson(res, 200, { startPageToken: '1', files: [] });
    });
    w = await memoryWorld(dialect);
    owner = await signUpOwner(w.t.app);
    member = await addMember(w.t.app, owner, 'member');
  }, 60_000);
  afterAll(async () => {
    await w?.close();
    await catcher?.close();
  });

  it('finding 2: a member cannot point a source on a shared Drive connection at their own host (400 naming settings.baseUrl, no token sent)', async () => {
    w.drive.add({ name: 'roadmap.txt', content: 'Quarterly roadmap of the glider works.', sharedWith: ['anyone'] });
    const shared = await connectOAuth(w, owner, 'google-drive', { personal: false, account: 'owner@example.com' });

    const attempt = await w.t.app.inject({
      method: 'POST',
      url: '/api/memory/connections',
      headers: member.bearer,
      payload: { kind: 'google_drive', integrationConnectionId: shared, accountEmail: member.email, settings: { baseUrl: catcher.url } },
    });
    // The attack as the review ran it: add the source, then sync it.
    if (attempt.statusCode === 201) await syncNow(w, member, (attempt.json() as { id: string }).id);

    expect(caught.filter((c) => c.authorization !== undefined)).toEqual([]);
    expect(caught).toEqual([]);
    expect(attempt.statusCode, attempt.body).toBe(400);
    expect(JSON.stringify(attempt.json())).toContain('settings.baseUrl');
    const listed = (await w.t.app.inject({ method: 'GET', url: '/api/memory/connections', headers: member.bearer })).json() as { connections: unknown[] };
    expect(listed.connections).toEqual([]);

    // The same source without the override syncs against the address the admin configured.
    const ok = await w.t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: member.bearer, payload: { kind: 'google_drive', integrationConnectionId: shared } });
    expect(ok.statusCode, ok.body).toBe(201);
    const run = await syncNow(w, member, (ok.json() as { id: string }).id);
    expect(run.job).toMatchObject({ status: 'finished', indexed: 1 });
    expect(caught).toEqual([]);
  });

  it('finding 2: a sync goes through the SSRF guard: an API address at 127.0.0.1 is refused unless an admin allows it', async () => {
    // Same configuration, without the admin's ATOM_SSRF_ALLOW entry for 127.0.0.1.
    const strict = await memoryWorld(dialect, { ATOM_SSRF_ALLOW: '' });
    try {
      strict.drive.add({ name: 'internal.txt', content: 'Internal only.', sharedWith: ['anyone'] });
      const admin = await signUpOwner(strict.t.app);
      const conn = await connectOAuth(strict, admin, 'google-drive', { personal: true, account: 'admin@example.com' });
      const source = await strict.t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: admin.bearer, payload: { kind: 'google_drive', integrationConnectionId: conn } });
      expect(source.statusCode, source.body).toBe(201);
      const run = await syncNow(strict, admin, (source.json() as { id: string }).id);
      expect(run.job?.status).toBe('failed');
      expect(run.job?.error).toMatch(/internal address/);
      // Not one API request (and so no bearer token) reached the internal address.
      expect(strict.drive.requests).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});
