import { newId } from '../../platform/index.js';
import { systemClock, type Clock, type JobQueue } from '../../platform/jobs/index.js';
import type { Memory } from '../memory.js';
import type { SyncJobProgress } from '../sql/index.js';
import type { MemoryConnection } from '../tables.js';
import { adapterFor, type AccessTokenProvider } from './index.js';
import { newSyncProgress } from './sync-progress.js';
import { DEFAULT_LEASE_MS, startSyncJob, SYNC_HEARTBEAT_MS, syncRunning } from './sync.js';

export const syncQueue = 'memory.sync';

/** A queued sync: the source, and the progress row "sync now" created (none for scheduled syncs). */
export interface SyncJobData {
  workspaceId: string;
  connectionId: string;
  jobId?: string;
}

/** A running job whose row is this old missed four heartbeats: its process is gone. */
const SILENT_FOR_MS = 4 * SYNC_HEARTBEAT_MS;
/** A queued job nobody took for this long is considered lost (no worker, or the queue lost it). */
const QUEUED_FOR_MS = 30 * 60_000;

export const leaseHeld = (c: MemoryConnection, now: number) => c.sync_lease_owner !== null && c.sync_lease_until !== null && Date.parse(c.sync_lease_until) > now;

/**
 * Takes the source's sync lease for a new owner before a job row is written, so a process that loses the
 * race for a source leaves no failed job behind to hide the running one. Undefined when someone holds it.
 */
async function takeLease(memory: Memory, connectionId: string, leaseMs = DEFAULT_LEASE_MS): Promise<string | undefined> {
  const owner = newId('msync');
  return (await memory.connections.tryLease(connectionId, owner, leaseMs)) ? owner : undefined;
}

/** Inserts the row of a sync that holds the lease; gives the lease back if that fails. */
async function insertUnderLease(memory: Memory, connectionId: string, owner: string, progress: SyncJobProgress): Promise<void> {
  try {
    await memory.syncJobs.insert(progress);
  } catch (err) {
    await memory.connections.releaseLease(connectionId, owner).catch(() => undefined);
    throw err;
  }
}

/**
 * A stored job as it really is: a running row whose process stopped writing it, or a queued one no worker
 * took, is ended (failed, with the reason) so the API never shows a sync as running forever.
 */
export async function currentSyncJob<T extends SyncJobProgress & { updatedAt: string }>(memory: Memory, job: T, now = Date.now()): Promise<T> {
  if (job.status !== 'running') return job;
  const silentMs = now - Date.parse(job.phase === 'queued' ? job.startedAt : job.updatedAt);
  const limit = job.phase === 'queued' ? QUEUED_FOR_MS : SILENT_FOR_MS;
  if (silentMs <= limit) return job;
  const reason = job.phase === 'queued' ? 'No worker took this sync (is an `atom worker` process running?).' : 'The process running this sync stopped; the next sync continues from its last saved page.';
  await memory.syncJobs.abandon(job.id, reason);
  return { ...job, status: 'failed', phase: 'done', error: reason, finishedAt: new Date(now).toISOString() };
}

/**
 * "Sync now": with a queue (queue mode) the sync is enqueued for an `atom worker`; without one it runs in
 * this process. Either way its progress row exists before this returns, so any API process can answer
 * for it. A sync of the source already queued or running is returned instead of starting another.
 */
export async function requestSync(memory: Memory, connection: MemoryConnection, o: { accessToken: AccessTokenProvider; queue?: JobQueue | undefined }): Promise<SyncJobProgress> {
  const active = await memory.syncJobs.activeOf(connection.id);
  if (active && (await currentSyncJob(memory, active)).status === 'running') return active;
  if (o.queue) {
    const progress = newSyncProgress(connection, 'queued');
    await memory.syncJobs.insert(progress);
    const data: SyncJobData = { workspaceId: connection.workspace_id, connectionId: connection.id, jobId: progress.id };
    await o.queue.enqueue(syncQueue, data, { id: `memory-sync:${connection.id}:${progress.id}`, maxAttempts: 1 });
    return progress;
  }
  const leaseOwner = await takeLease(memory, connection.id);
  if (!leaseOwner) throw syncRunning(connection.name);
  const progress = newSyncProgress(connection);
  await insertUnderLease(memory, connection.id, leaseOwner, progress);
  return startSyncJob(memory, connection, adapterFor(memory, connection, o.accessToken), progress, { leaseOwner }).progress;
}

export interface SyncConsumerOptions {
  memory: Memory;
  queue: JobQueue;
  accessToken: AccessTokenProvider;
  /** Sources synced at once by this process. */
  concurrency?: number;
  clock?: Clock;
  /** Aborts running syncs (shutdown); they resume from their saved page next time. */
  signal?: AbortSignal;
  /** Called when this process starts a sync (tests count who ran what). */
  onStart?: (connection: MemoryConnection, progress: SyncJobProgress) => void;
  /** The sync lease's length (tests shorten it); default 10 minutes, renewed as the sync goes. */
  leaseMs?: number;
}

/**
 * Consumes `memory.sync` jobs: "sync now" in queue mode and scheduled syncs in both modes. The source's
 * sync lease (sync.ts) keeps one sync per source across every process; a job whose source is already
 * being synced ends at once (its row says so).
 */
export function processSyncJobs(o: SyncConsumerOptions): void {
  const { memory } = o;
  const clock = o.clock ?? systemClock;
  const log = memory.ctx.logger;
  o.queue.process<SyncJobData>(syncQueue, async (job) => {
    const { workspaceId, connectionId, jobId } = job.data;
    const queued = jobId ? await memory.syncJobs.get(workspaceId, jobId) : undefined;
    const c = await memory.connections.get(workspaceId, connectionId);
    // Forgotten since it was queued, or synced by someone else meanwhile: nothing to do.
    if (!c || (c.kind !== 'google_drive' && c.kind !== 'onedrive')) {
      if (queued) await memory.syncJobs.abandon(queued.id, 'The source was removed before its sync started.');
      return;
    }
    const leaseOwner = leaseHeld(c, clock.now()) ? undefined : await takeLease(memory, c.id, o.leaseMs);
    if (!leaseOwner && queued?.status === 'running' && queued.phase !== 'queued' && c.sync_lease_until) {
      // This job had started, and the queue handed it out again: the process running it died (its lock
      // expired). Its lease still blocks the source, so the sync resumes, from its saved page, once it lapses.
      const runAt = Date.parse(c.sync_lease_until) + 1000;
      await memory.syncJobs.abandon(queued.id, `The process running this sync stopped; it continues from its last saved page at ${new Date(runAt).toISOString()}.`);
      const resume: SyncJobData = { workspaceId, connectionId };
      await o.queue.enqueue(syncQueue, resume, { id: `memory-sync:${c.id}:resume:${queued.id}`, runAt, maxAttempts: 1 });
      log.warn({ connection: c.id, job: queued.id, resumeAt: new Date(runAt).toISOString() }, 'memory: a sync stopped with its process; it resumes when the lease lapses');
      return;
    }
    if (!leaseOwner) {
      if (queued) await memory.syncJobs.abandon(queued.id, `A sync of "${c.name}" was already running.`);
      log.info({ connection: c.id, job: queued?.id }, 'memory: sync skipped, the source is being synced elsewhere');
      return;
    }
    let progress: SyncJobProgress;
    if (queued?.status === 'running') {
      const { updatedAt: _u, ...rest } = queued;
      progress = rest;
    } else {
      progress = newSyncProgress(c);
      await insertUnderLease(memory, c.id, leaseOwner, progress);
    }
    o.onStart?.(c, progress);
    const signal = o.signal ? { signal: o.signal } : {};
    const result = await startSyncJob(memory, c, adapterFor(memory, c, o.accessToken, signal), progress, { ...signal, leaseOwner, ...(o.leaseMs ? { leaseMs: o.leaseMs } : {}) }).done;
    if (result.status === 'failed') log.warn({ connection: c.id, job: progress.id, error: result.error }, 'memory: sync failed; the next one continues from its saved page');
    else log.info({ connection: c.id, job: progress.id, done: result.done, indexed: result.indexed }, 'memory: sync finished');
  }, { concurrency: o.concurrency ?? 2 });
}
