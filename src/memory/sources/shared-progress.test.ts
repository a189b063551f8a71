// Sync progress is shared: two app instances on one PostgreSQL schema (and, in queue mode, one Redis)
// answer for a sync wherever it runs. Embedded: instance A runs the sync, B's API reports it. Queue mode:
// A enqueues, a worker context runs it, B's API and B's event bus report it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../../integrations/google-drive/fake.js';
import { dropSchema, testPostgresUrl, testRedisUrl } from '../../../test/support/postgres.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { buildApp } from '../../app.js';
import { createContext, loadConfig, migrateToLatest, newId, type AppContext } from '../../platform/index.js';
import { createLogger } from '../../platform/logging/index.js';
import { eventBus, type RealtimeEvent } from '../../realtime/index.js';
import { multipartBody, sourceApiEnv } from '../test-support.js';
import { startMemoryWorker } from '../worker.js';

const FILES = 12;
const admin = asPrincipal({ workspaceId: 'ws-shared', userId: 'alice', permissions: ['memory:read', 'memory:write', 'connections:manage'] });
type Job = { id: string; status: string; phase?: string; done: number; total: number; indexed: number; rate: number; connectionId?: string; currentFile?: string };

describe.each(['embedded', 'queue'] as const)('sync progress across two app instances (%s mode, PostgreSQL)', (mode) => {
  const tag = `sp_${process.pid}_${newId().replaceAll(/[^A-Za-z0-9]/g, '').slice(-10).toLowerCase()}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-shared-progress-'));
  const contexts: AppContext[] = [];
  let drive: FakeGoogleDrive;
  let a: Awaited<ReturnType<typeof buildApp>>;
  let b: Awaited<ReturnType<typeof buildApp>>;
  const seenByB: RealtimeEvent[] = [];

  // Every request the sync makes waits for its token a little, so the sync lasts long enough to watch.
  const slowToken = async () => {
    await new Promise((r) => setTimeout(r, 200));
    return drive.token;
  };
  const context = () => {
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      ATOM_DATA_DIR: dataDir,
      ATOM_DATABASE_URL: testPostgresUrl(),
      ATOM_DATABASE_SCHEMA: tag,
      ATOM_DATABASE_POOL_MAX: '4',
      ATOM_MEMORY_SYNC_INTERVAL_MINUTES: '0',
      ATOM_LOG_LEVEL: 'warn',
      ...sourceApiEnv({ drive: drive.url }),
      ...(mode === 'queue' ? { ATOM_REDIS_URL: testRedisUrl(), ATOM_JOBS_PREFIX: tag } : {}),
    };
    const ctx = createContext(loadConfig(env), { logger: createLogger({ level: 'warn', pretty: 'false' }) });
    contexts.push(ctx);
    return ctx;
  };

  beforeAll(async () => {
    drive = await startFakeGoogleDrive();
    drive.pageSize = 4;
    for (let i = 0; i < FILES; i++) drive.add({ name: `note-${i}.txt`, content: `Note ${i} about the shared progress of quillwort sync ${i}.`, sharedWith: ['anyone'] });
    const ctxA = context();
    await migrateToLatest(ctxA.database);
    const ctxB = context();
    a = await buildApp(ctxA, { authenticator: testAuthenticator, memory: { accessToken: slowToken } });
    b = await buildApp(ctxB, { authenticator: testAuthenticator, memory: { accessToken: slowToken } });
    eventBus(ctxB).subscribe((e) => {
      if (e.type.startsWith('memory.sync.')) seenByB.push(e);
    });
    if (mode === 'queue') await startMemoryWorker(context(), { accessToken: slowToken });
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const ctx of contexts.reverse()) await ctx.lifecycle.shutdown(ctx.logger);
    await drive?.close();
    if (mode === 'queue') {
      const redis = new Redis(testRedisUrl());
      const keys = await redis.keys(`${tag}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
    await dropSchema(testPostgresUrl(), tag);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('a sync started through A reports done/total, rate and phase through B, and B lists it on the source', async () => {
    const created = await a.inject({ method: 'POST', url: '/api/memory/connections', headers: admin, payload: { kind: 'google_drive', name: 'Shared Drive' } });
    expect(created.statusCode, created.body).toBe(201);
    const sourceId = (created.json() as { id: string }).id;

    const started = await a.inject({ method: 'POST', url: `/api/memory/connections/${sourceId}/sync`, headers: admin });
    expect(started.statusCode, started.body).toBe(202);
    const first = started.json() as Job;
    expect(first).toMatchObject({ status: 'running', connectionId: sourceId, phase: mode === 'queue' ? 'queued' : 'listing' });

    // A second "sync now" while it runs answers with the same job (or 409 once the lease is taken).
    const again = await b.inject({ method: 'POST', url: `/api/memory/connections/${sourceId}/sync`, headers: admin });
    if (again.statusCode === 202) expect((again.json() as Job).id).toBe(first.id);
    else expect(again.json()).toMatchObject({ code: 'memory.source.sync_running' });

    const snapshots: Job[] = [];
    let job = first;
    for (let i = 0; i < 600 && job.status === 'running'; i++) {
      const res = await b.inject({ method: 'GET', url: `/api/memory/jobs/${first.id}`, headers: admin });
      expect(res.statusCode, res.body).toBe(200);
      job = res.json() as Job;
      snapshots.push(job);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ status: 'finished', phase: 'done', done: FILES, total: FILES, indexed: FILES });
    // B saw the sync part way: files done out of a known total, a rate, the file at hand.
    const midway = snapshots.filter((s) => s.status === 'running' && s.done > 0 && s.done < FILES);
    expect(midway.length).toBeGreaterThan(0);
    expect(midway.some((s) => s.rate > 0 && s.total >= s.done && s.phase === 'full' && typeof s.currentFile === 'string')).toBe(true);
    // Done never goes backwards as B reads it.
    expect(snapshots.every((s, i) => i === 0 || s.done >= snapshots[i - 1]!.done)).toBe(true);

    const conns = (await b.inject({ method: 'GET', url: '/api/memory/connections', headers: admin })).json() as { connections: { id: string; status: string; syncJobId?: string }[] };
    expect(conns.connections.find((c) => c.id === sourceId)).toMatchObject({ status: 'idle', syncJobId: first.id });
    const listed = (await b.inject({ method: 'GET', url: '/api/memory/jobs', headers: admin })).json() as { jobs: Job[] };
    expect(listed.jobs.map((j) => j.id)).toContain(first.id);

    if (mode === 'queue') {
      // B's bus (Redis) carried the worker's progress events for this job, up to the finish.
      const mine = seenByB.filter((e) => e.data['jobId'] === first.id);
      expect(mine.map((e) => e.type)).toEqual(expect.arrayContaining(['memory.sync.started', 'memory.sync.progress', 'memory.sync.finished']));
      const progress = mine.filter((e) => e.type === 'memory.sync.progress').map((e) => e.data);
      expect(progress.some((d) => Number(d['done']) > 0 && Number(d['done']) < FILES && Number(d['total']) >= Number(d['done']))).toBe(true);
      expect(progress.at(-1)).toMatchObject({ status: 'finished', done: FILES, total: FILES });
      // And B's search finds what the worker stored (same LanceDB store, read-consistency on).
      await expect
        .poll(async () => ((await b.inject({ method: 'GET', url: '/api/memory/search?q=quillwort', headers: admin })).json() as { hits: unknown[] }).hits.length, { timeout: 10_000 })
        .toBeGreaterThan(0);
    }
  }, 90_000);

  it('an upload to A reports its progress through B too (its files are processed where they arrived)', async () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ filename: `memo-${i}.txt`, content: `Memo ${i} on the sorrel upload ${i}.`, type: 'text/plain' }));
    const body = multipartBody(files);
    const res = await a.inject({ method: 'POST', url: '/api/memory/documents', headers: { ...admin, ...body.headers }, payload: body.payload });
    expect(res.statusCode, res.body).toBe(202);
    const id = (res.json() as Job).id;
    let job: Job & { failed?: number } = { id, status: 'running', done: 0, total: 5, indexed: 0, rate: 0 };
    for (let i = 0; i < 200 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const seen = await b.inject({ method: 'GET', url: `/api/memory/jobs/${id}`, headers: admin });
      expect(seen.statusCode, seen.body).toBe(200);
      job = seen.json() as typeof job;
    }
    expect(job).toMatchObject({ status: 'finished', phase: 'done', done: 5, total: 5, indexed: 5, failed: 0 });
    const listed = (await b.inject({ method: 'GET', url: '/api/memory/jobs', headers: admin })).json() as { jobs: Job[] };
    expect(listed.jobs.filter((j) => j.id === id)).toHaveLength(1);
  }, 60_000);
});
