import { expect } from 'vitest';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../../../src/integrations/google-drive/fake.js';
import { startFakeMicrosoftGraph, type FakeMicrosoftGraph } from '../../fakes/microsoft-graph/server.js';
import type { TestActor } from '../../support/auth.js';
import { createTestApp, type TestDialect } from '../../support/context.js';

/**
 * What the memory × connections review tests share: an app whose Google Drive and OneDrive API addresses
 * are set the way an admin sets them (ATOM_INTEGRATIONS, pointing at the local fakes; ATOM_SSRF_ALLOW lets
 * the sync reach 127.0.0.1 as an admin would allow an internal host), the OAuth round trip as a browser
 * makes it, "sync now" until the job ends, and search.
 */
export type MemoryTestApp = Awaited<ReturnType<typeof createTestApp>>;

export interface MemoryWorld {
  t: MemoryTestApp;
  drive: FakeGoogleDrive;
  graph: FakeMicrosoftGraph;
  close(): Promise<void>;
}

export async function memoryWorld(dialect: TestDialect, env: Record<string, string> = {}): Promise<MemoryWorld> {
  const drive = await startFakeGoogleDrive();
  const graph = await startFakeMicrosoftGraph();
  const oauthApp = (base: string, apiBaseUrl: string) => ({ clientId: 'atom', clientSecret: 'secret', authorizeUrl: `${base}/oauth2/authorize`, tokenUrl: `${base}/oauth2/token`, apiBaseUrl });
  const t = await createTestApp(dialect, {
    ATOM_INTEGRATIONS: JSON.stringify({ 'google-drive': oauthApp(drive.url, `${drive.url}/drive/v3`), onedrive: oauthApp(graph.oauthUrl, graph.url) }),
    ATOM_SSRF_ALLOW: '127.0.0.1',
    ATOM_LOG_LEVEL: 'warn',
    ...env,
  });
  return {
    t,
    drive,
    graph,
    close: async () => {
      await t.cleanup();
      await drive.close();
      await graph.close();
    },
  };
}

/** The OAuth round trip: start → the provider's consent (as `account`) → Atom's callback; the connection id. */
export async function connectOAuth(w: MemoryWorld, actor: TestActor, service: 'google-drive' | 'onedrive', options: { personal: boolean; account: string }): Promise<string> {
  const oauth = service === 'google-drive' ? w.drive.oauth : w.graph.oauth;
  oauth.account = options.account;
  const start = await w.t.app.inject({ method: 'POST', url: `/api/connections/${service}/oauth/start`, headers: actor.bearer, payload: { personal: options.personal } });
  expect(start.statusCode, start.body).toBe(200);
  const consent = await fetch((start.json() as { authorizationUrl: string }).authorizationUrl, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const back = new URL(consent.headers.get('location')!);
  const callback = await w.t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: actor.bearer });
  expect(callback.statusCode, callback.body).toBe(302);
  const id = /\/integrations\/connections\/([^?]+)/.exec(String(callback.headers.location))?.[1];
  expect(id, String(callback.headers.location)).toBeTruthy();
  return decodeURIComponent(id!);
}

export interface JobView {
  status: string;
  done: number;
  indexed: number;
  error?: string;
}

/** "Sync now", then the job until it ends; the start answer when it was refused. */
export async function syncNow(w: MemoryWorld, actor: TestActor, sourceId: string): Promise<{ statusCode: number; job?: JobView }> {
  const started = await w.t.app.inject({ method: 'POST', url: `/api/memory/connections/${sourceId}/sync`, headers: actor.bearer });
  if (started.statusCode !== 202) return { statusCode: started.statusCode };
  const jobId = (started.json() as { id: string }).id;
  let job: JobView = { status: 'running', done: 0, indexed: 0 };
  for (let i = 0; i < 200 && job.status === 'running'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = (await w.t.app.inject({ method: 'GET', url: `/api/memory/jobs/${jobId}`, headers: actor.bearer })).json() as JobView;
  }
  return { statusCode: 202, job };
}

/** The titles a search finds for `actor`. */
export async function searchTitles(w: MemoryWorld, actor: TestActor, q: string): Promise<string[]> {
  const res = await w.t.app.inject({ method: 'GET', url: `/api/memory/search?q=${encodeURIComponent(q)}&mode=fulltext`, headers: actor.bearer });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { hits: { title: string }[] }).hits.map((h) => h.title);
}

/** The titles of every document `actor` may read (GET /api/memory/documents). */
export async function documentTitles(w: MemoryWorld, actor: TestActor): Promise<string[]> {
  const res = await w.t.app.inject({ method: 'GET', url: '/api/memory/documents', headers: actor.bearer });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { documents: { title: string }[] }).documents.map((d) => d.title).sort();
}
