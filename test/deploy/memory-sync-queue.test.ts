// Acceptance (issue #5, queue mode): memory syncs run on `atom worker` processes. Two `atom serve` and two
// `atom worker` processes on PostgreSQL + Redis: "sync now" on API 1 is enqueued, one worker runs it, API 2
// reports its progress (job API and live event stream) and finds the documents; two syncs of one source
// queued at once on both workers store every file exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../../src/memory/index.js';
import { createBullQueue } from '../../src/platform/jobs/index.js';
import { createContext, loadConfig, migrateToLatest, type AppContext } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { generateFernetKey } from '../../src/vault/index.js';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../../src/integrations/google-drive/fake.js';
import { dropSchema, testPostgresUrl, testRedisUrl } from '../support/postgres.js';
import { freePort, queueModeEnv, spawnAtom, waitUntilOk, type AtomProcess } from './support/atom-processes.js';
import { sourceApiEnv } from '../../src/memory/test-support.js';
import { seedDriveSource } from './support/drive-source.js';
import { slowProxy } from '../support/slow-proxy.js';

const FILES = 24;
const word = (i: number) => `zq${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}mire`;
const tag = `msq_${process.pid}_${Date.now().toString(36)}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-msq-'));
const env: Record<string, string> = {
  ...queueModeEnv({ tag, dataDir, postgresUrl: testPostgresUrl(), redisUrl: testRedisUrl(), vaultKey: generateFernetKey() }),
  ATOM_MEMORY_SYNC_INTERVAL_MINUTES: '0',
  ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
  ATOM_RETENTION_INTERVAL_MINUTES: '0',
  ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
  ATOM_SSRF_ALLOW: '127.0.0.1',
};

type Job = { id: string; status: string; phase?: string; done: number; total: number; indexed: number; rate: number; currentFile?: string };

let ctx: AppContext;
let memory: Memory;
let drive: FakeGoogleDrive;
let proxy: Awaited<ReturnType<typeof slowProxy>>;
const apis: { process: AtomProcess; url: string }[] = [];
const workers: AtomProcess[] = [];
let headers: Record<string, string> = {};
let workspaceId = '';
let sourceId = '';
let userId = '';
let integrationConnectionId = '';

beforeAll(async () => {
  ctx = createContext(loadConfig({ ...env, ATOM_LOG_LEVEL: 'warn' }), { logger: createLogger({ level: 'warn', pretty: 'false' }) });
  await migrateToLatest(ctx.database);
  drive = await startFakeGoogleDrive();
  drive.pageSize = 4;
  for (let i = 0; i < FILES; i++) drive.add({ name: `brief-${i}.txt`, content: `Brief ${i} covers the ${word(i)} procedure only.`, sharedWith: ['alice@example.com'] });
  proxy = await slowProxy(drive.url, 80);
  // The admin's configuration: Google Drive's API is behind the slow proxy.
  Object.assign(env, sourceApiEnv({ drive: proxy.url }));
  for (const i of [1, 2]) {
    const port = await freePort();
    apis.push({ process: spawnAtom(`api-${i}`, ['serve'], { ...env, ATOM_PORT: String(port) }), url: `http://127.0.0.1:${port}` });
    workers.push(spawnAtom(`worker-${i}`, ['worker'], env));
  }
  await Promise.all([...apis.map((a) => waitUntilOk(`${a.url}/ready`, 150_000)), ...workers.map((w) => w.waitForLog((l) => l['msg'] === 'worker ready', 150_000))]);

  // An account, an API token, a Drive connection (as the OAuth round trip would store it) and the source.
  const seeded = await seedDriveSource({ apiUrl: apis[0]!.url, ctx, tag, driveToken: drive.token, tokenName: 'memory-sync' });
  ({ workspaceId, userId, headers, integrationConnectionId, memory, sourceId } = seeded);
}, 200_000);

afterAll(async () => {
  await Promise.all([...apis.map((a) => a.process.stop('SIGKILL')), ...workers.map((w) => w.stop('SIGKILL'))]);
  await memory?.close();
  await ctx?.lifecycle.shutdown(ctx.logger);
  await proxy?.close();
  await drive?.close();
  const redis = new Redis(testRedisUrl());
  const keys = await redis.keys(`${tag}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await dropSchema(testPostgresUrl(), tag);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** The `memory.sync.*` events of a live stream (SSE), collected until `stop()`. */
function watchEvents(url: string) {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const abort = new AbortController();
  const done = (async () => {
    const res = await fetch(`${url}/api/events`, { headers: { ...headers, accept: 'text/event-stream' }, signal: abort.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      buffer += value;
      const frames = buffer.split('\n\n');
      buffer = frames.pop() ?? '';
      for (const f of frames) {
        const data = f.split('\n').find((l) => l.startsWith('data: '));
        if (!data) continue;
        const e = JSON.parse(data.slice(6)) as { type?: string; data?: Record<string, unknown> };
        if (e.type?.startsWith('memory.sync.')) events.push({ type: e.type, data: e.data ?? {} });
      }
    }
  })().catch(() => undefined);
  return { events, stop: async () => (abort.abort(), await done) };
}

/** Log lines of finished syncs, per process. */
const finishedSyncs = (p: AtomProcess) => p.logs.filter((l) => l['msg'] === 'memory: sync finished');

describe('memory syncs in queue mode: 2 API processes + 2 workers on PostgreSQL and Redis', () => {
  it('"sync now" on API 1 runs on a worker; API 2 reports its progress and finds the documents', async () => {
    const [api1, api2] = apis as [(typeof apis)[0], (typeof apis)[0]];
    const stream = watchEvents(api2.url);
    await new Promise((r) => setTimeout(r, 300));

    const started = await fetch(`${api1.url}/api/memory/connections/${sourceId}/sync`, { method: 'POST', headers });
    expect(started.status, await started.clone().text()).toBe(202);
    const job = (await started.json()) as Job;
    expect(job).toMatchObject({ status: 'running', phase: 'queued' });

    const snapshots: Job[] = [];
    let current = job;
    const deadline = Date.now() + 90_000;
    while (current.status === 'running' && Date.now() < deadline) {
      const res = await fetch(`${api2.url}/api/memory/jobs/${job.id}`, { headers });
      expect(res.status).toBe(200);
      current = (await res.json()) as Job;
      snapshots.push(current);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(current).toMatchObject({ status: 'finished', phase: 'done', done: FILES, total: FILES, indexed: FILES });
    expect(snapshots.some((s) => s.status === 'running' && s.done > 0 && s.done < FILES && s.rate > 0 && typeof s.currentFile === 'string')).toBe(true);

    // One worker ran it; the API processes ran no sync.
    const byWorker = workers.map((w) => finishedSyncs(w).filter((l) => l['job'] === job.id).length);
    expect(byWorker.reduce((a, b) => a + b, 0)).toBe(1);
    for (const a of apis) expect(finishedSyncs(a.process)).toEqual([]);

    // API 2's live stream carried the worker's progress, up to the finish.
    await expect.poll(() => stream.events.some((e) => e.type === 'memory.sync.finished' && e.data['jobId'] === job.id), { timeout: 10_000 }).toBe(true);
    await stream.stop();
    const progress = stream.events.filter((e) => e.type === 'memory.sync.progress' && e.data['jobId'] === job.id).map((e) => e.data);
    expect(progress.some((d) => Number(d['done']) > 0 && Number(d['done']) < FILES)).toBe(true);

    // API 2 lists the job on the source and finds every file (the worker wrote the shared store).
    const conns = (await (await fetch(`${api2.url}/api/memory/connections`, { headers })).json()) as { connections: { id: string; status: string; syncJobId?: string }[] };
    expect(conns.connections.find((c) => c.id === sourceId)).toMatchObject({ status: 'idle', syncJobId: job.id });
    for (const i of [0, 7, FILES - 1]) {
      await expect
        .poll(async () => ((await (await fetch(`${api2.url}/api/memory/search?q=${word(i)}`, { headers })).json()) as { hits: { title: string }[] }).hits[0]?.title, { timeout: 10_000 })
        .toBe(`brief-${i}.txt`);
    }
  }, 150_000);

  it('two syncs of one source queued at once, one per worker: one runs, every file is stored once', async () => {
    for (let i = FILES; i < FILES + 8; i++) drive.add({ name: `brief-${i}.txt`, content: `Brief ${i} covers the ${word(i)} procedure only.`, sharedWith: ['alice@example.com'] });
    // Straight onto the queue with distinct ids (as a scheduled tick and a "sync now" could both be).
    const queue = createBullQueue({ redisUrl: testRedisUrl(), logger: ctx.logger, prefix: tag });
    try {
      await Promise.all(['a', 'b'].map((k) => queue.enqueue('memory.sync', { workspaceId, connectionId: sourceId }, { id: `dup-${k}`, maxAttempts: 1 })));
    } finally {
      await queue.close();
    }
    const syncLines = () => workers.flatMap((w) => w.logs.filter((l) => ['memory: sync finished', 'memory: sync skipped, the source is being synced elsewhere', 'memory: sync failed; the next one continues from its saved page'].includes(String(l['msg']))));
    const before = syncLines().length;
    const total = FILES + 8;
    await expect
      .poll(async () => Number((await ctx.db.selectFrom('memory_documents').select((eb) => eb.fn.countAll().as('n')).where('connection_id', '=', sourceId).executeTakeFirst())?.n), { timeout: 60_000, interval: 250 })
      .toBe(total);
    await expect.poll(async () => (await memory.connections.get(workspaceId, sourceId))?.sync_lease_owner ?? null, { timeout: 60_000, interval: 250 }).toBeNull();

    // Every document's passages are stored once: the rows in LanceDB match each document's chunk count.
    const docs = await ctx.db.selectFrom('memory_documents').select(['id', 'chunk_count', 'title']).where('connection_id', '=', sourceId).execute();
    expect(new Set(docs.map((d) => d.title)).size).toBe(total);
    const passages = docs.reduce((s, d) => s + Number(d.chunk_count), 0);
    // Polled: another process's filtered scan can lag the writer by a few seconds (see the next test).
    let rows: Record<string, unknown>[] = [];
    await expect
      .poll(async () => (rows = await memory.index.table.scan(`connection_id = '${sourceId}'`, ['document_id'], 100_000, 0)).length, { timeout: 15_000, interval: 250 })
      .toBeGreaterThanOrEqual(passages);
    const perDoc = new Map<string, number>();
    for (const r of rows) perDoc.set(String(r['document_id']), (perDoc.get(String(r['document_id'])) ?? 0) + 1);
    for (const d of docs) expect(perDoc.get(d.id), d.title).toBe(Number(d.chunk_count));
    expect(rows.length).toBe(passages);
    // Both queued jobs were taken: each either synced or stepped aside because the other held the lease.
    await expect.poll(() => syncLines().length - before, { timeout: 30_000 }).toBe(2);
    const outcomes = syncLines().slice(before).map((l) => String(l['msg']));
    expect(outcomes).toContain('memory: sync finished');
    expect(outcomes.filter((m) => m.includes('failed'))).toEqual([]);
    const runs = await ctx.db.selectFrom('memory_sync_jobs').select(['status', 'error']).where('connection_id', '=', sourceId).execute();
    expect(runs.filter((r) => r.status === 'running')).toEqual([]);
  }, 120_000);

  it('two sources synced at once (one job each, both workers free) store every file once, none failed', async () => {
    // Two shared drives of the same account (the stored connection's), each a source of its own: the API
    // address is the server's, so the sources differ by drive, not by host.
    const sources: { id: string; words: string[] }[] = [];
    for (const k of [0, 1]) {
      const words = Array.from({ length: 20 }, (_, i) => `${word(i)}x${k}`);
      words.forEach((w, i) => drive.add({ name: `par-${k}-${i}.txt`, content: `Parallel ${k} note ${i} about ${w}.`, driveId: `shared-${k}`, sharedWith: ['alice@example.com'] }));
      const s = await memory.connections.create({ workspaceId, kind: 'google_drive', name: `Drive ${k}`, ownerUserId: userId, accountEmail: 'alice@example.com', settings: { driveId: `shared-${k}`, integrationConnectionId } });
      sources.push({ id: s.id, words });
    }
    const jobs = await Promise.all(
      sources.map(async (s, i) => {
        const res = await fetch(`${apis[i]!.url}/api/memory/connections/${s.id}/sync`, { method: 'POST', headers });
        expect(res.status).toBe(202);
        return ((await res.json()) as Job).id;
      }),
    );
    const finals = await Promise.all(
      jobs.map(async (id) => {
        let j: Job & { failed?: number; error?: string } = { id, status: 'running', done: 0, total: 0, indexed: 0, rate: 0 };
        const deadline = Date.now() + 90_000;
        while (j.status === 'running' && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 200));
          j = (await (await fetch(`${apis[1]!.url}/api/memory/jobs/${id}`, { headers })).json()) as typeof j;
        }
        return j;
      }),
    );
    for (const f of finals) expect(f).toMatchObject({ status: 'finished', done: 20, indexed: 20, failed: 0 });
    const ranOn = jobs.map((id) => workers.findIndex((w) => finishedSyncs(w).some((l) => l['job'] === id)));
    console.log(`memory-sync-queue: two sources synced at once on worker(s) ${ranOn.map((i) => i + 1).join(' and ')}`);
    for (const s of sources) {
      const docs = await ctx.db.selectFrom('memory_documents').select(['id', 'chunk_count']).where('connection_id', '=', s.id).execute();
      expect(docs.length).toBe(20);
      // Polled: right after a sync another process's filtered scan was seen to answer 0 rows for ~1-3 s
      // while countRows with the same filter answered 20 (LanceDB, read consistency + fresh indexes).
      await expect
        .poll(async () => (await memory.index.table.scan(`connection_id = '${s.id}'`, ['document_id'], 100_000, 0)).length, { timeout: 15_000, interval: 250 })
        .toBe(docs.reduce((n, d) => n + Number(d.chunk_count), 0));
      await expect
        .poll(async () => ((await (await fetch(`${apis[0]!.url}/api/memory/search?q=${s.words[3]!}`, { headers })).json()) as { hits: { title: string }[] }).hits[0]?.title, { timeout: 10_000 })
        .toMatch(/^par-\d-3\.txt$/);
    }
  }, 150_000);
});
