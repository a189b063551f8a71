// Fault (queue mode): the `atom worker` running a memory sync is killed with SIGKILL part way. One
// `atom serve` and two `atom worker` processes (compiled dist/) on PostgreSQL + Redis; the source's lease is
// the production 10 minutes. BullMQ's stalled-job check on the surviving worker hands the dead worker's job
// out again; that worker finds the lease held by a job whose heartbeat stopped, takes the sync over and
// finishes it from the saved page, well before the lease would lapse. Memory then holds exactly the source's
// files (no duplicates, no gaps) and the job API tells a coherent story (dead job failed, resumed one done).
// Build first: `flock /tmp/atom-build.lock npm run build:server`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../../src/memory/index.js';
import { createContext, loadConfig, migrateToLatest, type AppContext } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { generateFernetKey } from '../../src/vault/index.js';
import { freePort, queueModeEnv, spawnAtom, waitUntilOk, type AtomProcess } from '../deploy/support/atom-processes.js';
import { seedDriveSource } from '../deploy/support/drive-source.js';
import { sourceApiEnv } from '../../src/memory/test-support.js';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../../src/integrations/google-drive/fake.js';
import { dropSchema, testPostgresUrl, testRedisUrl } from '../support/postgres.js';
import { slowProxy } from '../support/slow-proxy.js';

const FILES = 40;
const KILL_AFTER = 8;
// BullMQ's defaults (lockDuration 30 s, stalledInterval 30 s) redeliver within ~60 s; the heartbeat proof
// (row silent for 4 × 15 s) is due within ~60 s of the kill. The production lease would be 600 s.
const RESUME_WITHIN_MS = 100_000;
const word = (i: number) => `zq${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}wkill`;
const tag = `mwk_${process.pid}_${Date.now().toString(36)}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-mwk-'));
const env: Record<string, string> = {
  ...queueModeEnv({ tag, dataDir, postgresUrl: testPostgresUrl(), redisUrl: testRedisUrl(), vaultKey: generateFernetKey() }),
  ATOM_MEMORY_SYNC_INTERVAL_MINUTES: '0',
  ATOM_MEMORY_SYNC_LEASE_SECONDS: '600',
  ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
  ATOM_RETENTION_INTERVAL_MINUTES: '0',
  ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
  ATOM_RATE_LIMIT_PER_MINUTE: '1000000',
  ATOM_SSRF_ALLOW: '127.0.0.1',
};

type Job = { id: string; status: string; phase?: string; done: number; total: number; indexed: number; failed: number; error?: string };
type Doc = { id: string; externalId: string; title: string; status: string; chunkCount: number };

let ctx: AppContext;
let memory: Memory;
let drive: FakeGoogleDrive;
let proxy: Awaited<ReturnType<typeof slowProxy>>;
let api: { process: AtomProcess; url: string };
const workers: { process: AtomProcess; metricsUrl: string }[] = [];
let headers: Record<string, string> = {};
let workspaceId = '';
let sourceId = '';

const get = async <T,>(p: string): Promise<T> => {
  const res = await fetch(`${api.url}${p}`, { headers });
  if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

/** Files this worker has processed for memory (its own Prometheus counter): > 0 means it ran the sync. */
async function filesProcessedBy(metricsUrl: string): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('atom_memory_documents_total{'))
    .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
}

beforeAll(async () => {
  ctx = createContext(loadConfig({ ...env, ATOM_LOG_LEVEL: 'warn' }), { logger: createLogger({ level: 'warn', pretty: 'false' }) });
  await migrateToLatest(ctx.database);
  drive = await startFakeGoogleDrive();
  drive.pageSize = 4;
  for (let i = 0; i < FILES; i++) drive.add({ name: `note-${i}.txt`, content: `Note ${i} covers the ${word(i)} procedure only.`, sharedWith: ['alice@example.com'] });
  proxy = await slowProxy(drive.url, 150);
  // The admin's configuration: Google Drive's API is behind the slow proxy.
  Object.assign(env, sourceApiEnv({ drive: proxy.url }));
  const port = await freePort();
  api = { process: spawnAtom('api', ['serve'], { ...env, ATOM_PORT: String(port) }, { from: 'dist' }), url: `http://127.0.0.1:${port}` };
  for (const i of [1, 2]) {
    const metricsPort = await freePort();
    workers.push({ process: spawnAtom(`worker-${i}`, ['worker'], { ...env, ATOM_WORKER_METRICS_PORT: String(metricsPort) }, { from: 'dist' }), metricsUrl: `http://127.0.0.1:${metricsPort}` });
  }
  await Promise.all([waitUntilOk(`${api.url}/ready`, 150_000), ...workers.map((w) => w.process.waitForLog((l) => l['msg'] === 'worker ready', 150_000))]);

  // An account, an API token, a Drive connection (as the OAuth round trip would store it) and the source.
  ({ workspaceId, headers, memory, sourceId } = await seedDriveSource({ apiUrl: api.url, ctx, tag, driveToken: drive.token, tokenName: 'memory-sync-kill' }));
}, 200_000);

afterAll(async () => {
  await Promise.all([api?.process.stop('SIGKILL'), ...workers.map((w) => w.process.stop('SIGKILL'))]);
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

describe('fault (queue mode): the worker running a memory sync is killed with SIGKILL', () => {
  it('the other worker takes the sync over within a bounded time and memory ends with exactly the source files', async () => {
    const started = await fetch(`${api.url}/api/memory/connections/${sourceId}/sync`, { method: 'POST', headers });
    expect(started.status, await started.clone().text()).toBe(202);
    const first = (await started.json()) as Job;

    // Wait until some files are done, then find the worker running it (its own file counter) and kill it.
    let seen = first;
    for (let i = 0; i < 600 && !(seen.status === 'running' && seen.done >= KILL_AFTER); i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await get<Job>(`/api/memory/jobs/${first.id}`);
    }
    expect(seen, 'the sync never got part way').toMatchObject({ status: 'running' });
    expect(seen.done).toBeGreaterThanOrEqual(KILL_AFTER);
    const counts = await Promise.all(workers.map((w) => filesProcessedBy(w.metricsUrl)));
    expect(counts.filter((n) => n > 0), `files per worker: ${counts.join(', ')}`).toHaveLength(1);
    const victim = workers[counts.findIndex((n) => n > 0)]!.process;
    const survivor = workers[counts.findIndex((n) => n === 0)]!.process;
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await victim.exited;
    const doneAtKill = seen.done;

    // The survivor gets the dead worker's job again from BullMQ (stalled-job check) and takes the sync over
    // from the dead job, whose heartbeat stopped, without waiting out the 10-minute lease.
    const takeover = await survivor.waitForLog((l) => l['msg'] === 'memory: took over the sync of a stopped process', RESUME_WITHIN_MS);
    const takeoverMs = Date.now() - killedAt;
    expect(takeover['stopped']).toBe(first.id);
    // How the survivor first handled the dead job handed out again: took over at once, or (heartbeat not yet
    // stale enough) scheduled the resume for when it is.
    const redelivery = survivor.logs.find((l) => (l['msg'] === 'memory: took over the sync of a stopped process' && l['queued'] === first.id) || (String(l['msg']).startsWith('memory: a sync stopped with its process') && l['job'] === first.id));
    const redelivered = redelivery !== undefined;
    const redeliveredAfter = redelivery ? `${(((typeof redelivery['time'] === 'number' ? redelivery['time'] : Date.parse(String(redelivery['time']))) - killedAt) / 1000).toFixed(1)} s` : '-';
    const resumedId = String(takeover['job']);
    expect(resumedId).not.toBe(first.id);

    // The resumed job finishes; it continued from the saved page rather than starting over.
    let resumed = await get<Job>(`/api/memory/jobs/${resumedId}`);
    for (let i = 0; i < 1200 && resumed.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      resumed = await get<Job>(`/api/memory/jobs/${resumedId}`);
    }
    expect(resumed).toMatchObject({ status: 'finished', phase: 'done', failed: 0 });
    expect(resumed.done).toBeLessThan(FILES);
    console.log(
      `memory-sync-worker-kill: killed after ${doneAtKill}/${FILES} files; taken over ${(takeoverMs / 1000).toFixed(1)} s after the kill (${redelivered ? `BullMQ redelivered the dead job ${redeliveredAfter} after the kill: ${String(redelivery?.['msg'])}` : 'no redelivery seen'}); the resumed job processed ${resumed.done} files`,
    );
    expect(redelivered).toBe(true);

    // Job API: the dead job failed with the reason, the resumed one is the source's latest; nothing runs.
    const dead = await get<Job>(`/api/memory/jobs/${first.id}`);
    expect(dead).toMatchObject({ status: 'failed', phase: 'done' });
    expect(dead.error).toMatch(/stopped/);
    const { connections } = await get<{ connections: { id: string; status: string; syncJobId?: string }[] }>('/api/memory/connections');
    expect(connections.find((c) => c.id === sourceId)).toMatchObject({ status: 'idle', syncJobId: resumedId });
    const { jobs } = await get<{ jobs: (Job & { connectionId?: string })[] }>('/api/memory/jobs');
    expect(jobs.filter((j) => j.connectionId === sourceId && j.status === 'running')).toEqual([]);
    expect((await memory.connections.get(workspaceId, sourceId))?.sync_lease_owner ?? null).toBeNull();

    // Memory holds exactly the source's files: one document per file, all indexed...
    const docs = (await get<{ documents: Doc[] }>(`/api/memory/documents?connectionId=${sourceId}&limit=500`)).documents;
    expect(docs.map((d) => d.externalId).sort()).toEqual([...drive.files.keys()].sort());
    expect(docs.every((d) => d.status === 'indexed' && d.chunkCount > 0)).toBe(true);
    // ...and one set of passages per document (a re-processed file replaced its passages). Polled: a
    // filtered scan in another process can lag the writer by a few seconds.
    const passageCounts = async () => Promise.all(docs.map(async (d) => (await get<{ passages: { chunkIndex: number }[] }>(`/api/memory/documents/${d.id}/passages`)).passages.map((p) => p.chunkIndex)));
    await expect.poll(async () => (await passageCounts()).map((idx) => idx.length), { timeout: 15_000, interval: 500 }).toEqual(docs.map((d) => d.chunkCount));
    for (const idx of await passageCounts()) expect(new Set(idx).size).toBe(idx.length);
    await expect.poll(async () => (await memory.index.table.scan(`connection_id = '${sourceId}'`, ['document_id'], 100_000, 0)).length, { timeout: 15_000, interval: 250 }).toBe(docs.reduce((n, d) => n + d.chunkCount, 0));
    for (const i of [0, Math.floor(FILES / 2), FILES - 1]) {
      await expect
        .poll(async () => (await get<{ hits: { title: string }[] }>(`/api/memory/search?q=${word(i)}`)).hits[0]?.title, { timeout: 10_000 })
        .toBe(`note-${i}.txt`);
    }

    // One sync finished, on the survivor; the killed worker never came back.
    expect(survivor.logs.filter((l) => l['msg'] === 'memory: sync finished').map((l) => l['job'])).toEqual([resumedId]);
    expect(api.process.logs.filter((l) => l['msg'] === 'memory: sync finished')).toEqual([]);
  }, 240_000);
});
