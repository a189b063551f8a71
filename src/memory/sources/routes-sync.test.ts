import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../../integrations/google-drive/fake.js';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { sourceApiEnv } from '../test-support.js';

describe('sources through the API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let drive: FakeGoogleDrive;
  const admin = asPrincipal({ workspaceId: 'ws-a', userId: 'alice', permissions: ['memory:read', 'memory:write', 'connections:manage'] });
  const outsider = asPrincipal({ workspaceId: 'ws-b', userId: 'eve', permissions: ['memory:read', 'memory:write', 'connections:manage'] });

  beforeAll(async () => {
    drive = await startFakeGoogleDrive();
    // Shared with everyone: a source added without a connection has no verified account of its own.
    drive.add({ name: 'plan.txt', content: 'The glider certification plan.', sharedWith: ['anyone'] });
    t = await createTestApp('sqlite', sourceApiEnv({ drive: drive.url }), { authenticator: testAuthenticator, memory: { accessToken: async () => drive.token } });
  });
  afterAll(async () => {
    await t.cleanup();
    await drive.close();
  });

  it('adds a Drive source, syncs it with progress, searches it, and forgets it entirely', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/memory/connections', headers: admin, payload: { kind: 'google_drive', name: 'My Drive' } });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    expect((await t.app.inject({ method: 'POST', url: `/api/memory/connections/${id}/sync`, headers: outsider })).statusCode).toBe(404);
    const started = await t.app.inject({ method: 'POST', url: `/api/memory/connections/${id}/sync`, headers: admin });
    expect(started.statusCode).toBe(202);
    const jobId = (started.json() as { id: string }).id;
    let job: { status: string; done: number; indexed: number } = { status: 'running', done: 0, indexed: 0 };
    for (let i = 0; i < 100 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await t.app.inject({ method: 'GET', url: `/api/memory/jobs/${jobId}`, headers: admin })).json() as typeof job;
    }
    expect(job).toMatchObject({ status: 'finished', done: 1, indexed: 1 });
    const conns = (await t.app.inject({ method: 'GET', url: '/api/memory/connections', headers: admin })).json() as { connections: { id: string; status: string; syncLagSeconds: number | null }[] };
    expect(conns.connections.find((c) => c.id === id)).toMatchObject({ status: 'idle' });
    const hits = (await t.app.inject({ method: 'GET', url: '/api/memory/search?q=glider%20certification', headers: admin })).json() as { hits: { title: string; source: string; url?: string }[] };
    expect(hits.hits[0]).toMatchObject({ title: 'plan.txt', source: 'google_drive' });
    expect(hits.hits[0]!.url).toContain('drive.google.com');

    const forgotten = await t.app.inject({ method: 'DELETE', url: `/api/memory/connections/${id}`, headers: admin });
    expect(forgotten.json()).toEqual({ forgottenDocuments: 1 });
    expect(((await t.app.inject({ method: 'GET', url: '/api/memory/search?q=glider', headers: admin })).json() as { hits: unknown[] }).hits).toEqual([]);
    expect(((await t.app.inject({ method: 'GET', url: '/api/memory/documents', headers: admin })).json() as { documents: unknown[] }).documents).toEqual([]);
  });
});
