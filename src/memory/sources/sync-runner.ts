import { systemClock, type Clock, type JobQueue } from '../../platform/jobs/index.js';
import type { Memory } from '../memory.js';
import type { SyncJobProgress } from '../repositories/index.js';
import type { MemoryConnection } from '../tables.js';
import { adapterFor, type AccessTokenProvider } from './index.js';
import { newSyncProgress } from './sync-progress.js';
import { startSyncJob, SYNC_HEARTBEAT_MS, syncRunning } from './sync.js';

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

const withoutUpdatedAt = ({ updatedAt: _u, ...rest }: SyncJobProgress & { updatedAt: string }): SyncJobProgress => rest;

export const leaseHeld = (c: MemoryConnection, now: number) => c.sync_lease_owner !== null && c.sync_lease_until !== null && Date.parse(c.sync_lease_until) > now;

/** The sync lease's length: renewed as the sync goes, it only matters when its holder's job row is unknown. */
const leaseMsOf = (memory: Memory) => memory.ctx.config.ATOM_MEMORY_SYNC_LEASE_SECONDS * 1000;

/**
 * Takes the source's sync lease for a job (the job's id is the lease owner, so others can read its
 * heartbeat) before its row is written, so a process that loses the race for a source leaves no failed job
 * behind to hide the running one. False when someone holds it.
 */
const takeLease = (memory: Memory, connectionId: string, jobId: string, leaseMs: number) => memory.connections.tryLease(connectionId, jobId, leaseMs);

/**
 * The lease holder's job row when it proves the holder gone: the row stopped its heartbeat (silent for
 * SILENT_FOR_MS) or was ended. Undefined when the holder may be alive, or is not a job (no row: a direct
 * `syncConnection`, or a row not written yet), in which case only the lease running out frees the source.
 */
async function holderGone(memory: Memory, c: MemoryConnection, now: number): Promise<{ owner: string; row: SyncJobProgress & { updatedAt: string } } | { owner: string; aliveUntil: number } | undefined> {
  const owner = c.sync_lease_owner;
  if (!owner) return undefined;
  const row = await memory.syncJobs.get(c.workspace_id, owner);
  // A queued row's time is when it was queued, not a heartbeat: its taker writes it right after the lease.
  if (!row || (row.status === 'running' && row.phase === 'queued')) return undefined;
  const silentSince = Date.parse(row.updatedAt);
  if (row.status !== 'running' || now - silentSince > SILENT_FOR_MS) return { owner, row };
  return { owner, aliveUntil: silentSince + SILENT_FOR_MS };
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
  const progress = newSyncProgress(connection);
  const leaseMs = leaseMsOf(memory);
  if (!(await takeLease(memory, connection.id, progress.id, leaseMs))) throw syncRunning(connection.name);
  await insertUnderLease(memory, connection.id, progress.id, progress);
  return startSyncJob(memory, connection, adapterFor(memory, connection, o.accessToken), progress, { leaseOwner: progress.id, leaseMs }).progress;
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
  /** The sync lease's length (tests shorten it); default ATOM_MEMORY_SYNC_LEASE_SECONDS, renewed as the sync goes. */
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
    const now = clock.now();
    const leaseMs = o.leaseMs ?? leaseMsOf(memory);
    // A "sync now" row nobody started yet is this job's own; anything else gets a row of its own.
    const own = queued?.status === 'running' && queued.phase === 'queued';
    const progress: SyncJobProgress = own ? withoutUpdatedAt(queued) : newSyncProgress(c);
    let leased = !leaseHeld(c, now) && (await takeLease(memory, c.id, progress.id, leaseMs));
    // Heartbeats are written in real time (nowIso), so they are judged by it too.
    const holder = leased ? undefined : await holderGone(memory, c, Date.now());
    if (holder && 'row' in holder) {
      // The holder's process is gone (killed, or stalled past its heartbeat): take over rather than wait
      // out its lease. Conditional on that holder, so one process wins; its row is ended as superseded.
      leased = await memory.connections.takeOverLease(c.id, holder.owner, progress.id, leaseMs);
      if (leased) {
        await memory.syncJobs.abandon(holder.owner, `The process running this sync stopped; job ${progress.id} continues it from its last saved page.`);
        log.warn({ connection: c.id, job: progress.id, stopped: holder.owner, queued: jobId }, 'memory: took over the sync of a stopped process');
      }
    }
    const started = queued?.status === 'running' && queued.phase !== 'queued';
    if (!leased && started && c.sync_lease_until) {
      // This job had started, and the queue handed it out again: the process running it died (its lock
      // expired), but its heartbeat is not yet old enough to prove it. The sync resumes, from its saved
      // page, when that proof is due (or the lease lapses, for a holder that is not a job).
      const aliveUntil = holder && 'aliveUntil' in holder ? holder.aliveUntil : Infinity;
      const runAt = Math.min(Date.parse(c.sync_lease_until), aliveUntil) + 1000;
      await memory.syncJobs.abandon(queued.id, `The process running this sync stopped; it continues from its last saved page at ${new Date(runAt).toISOString()}.`);
      const resume: SyncJobData = { workspaceId, connectionId };
      await o.queue.enqueue(syncQueue, resume, { id: `memory-sync:${c.id}:resume:${queued.id}`, runAt, maxAttempts: 1 });
      log.warn({ connection: c.id, job: queued.id, resumeAt: new Date(runAt).toISOString() }, 'memory: a sync stopped with its process; it resumes when its heartbeat proves it gone');
      return;
    }
    if (!leased) {
      if (queued) await memory.syncJobs.abandon(queued.id, `A sync of "${c.name}" was already running.`);
      log.info({ connection: c.id, job: queued?.id }, 'memory: sync skipped, the source is being synced elsewhere');
      return;
    }
    const leaseOwner = progress.id;
    // A redelivered job whose holder was someone else (or that was ended meanwhile) is superseded by this one.
    if (started && queued.id !== progress.id) await memory.syncJobs.abandon(queued.id, `The process running this sync stopped; job ${progress.id} continues it from its last saved page.`);
    if (!own) await insertUnderLease(memory, c.id, leaseOwner, progress);
    o.onStart?.(c, progress);
    const signal = o.signal ? { signal: o.signal } : {};
    const result = await startSyncJob(memory, c, adapterFor(memory, c, o.accessToken, signal), progress, { ...signal, leaseOwner, leaseMs }).done;
    if (result.status === 'failed') log.warn({ connection: c.id, job: progress.id, error: result.error }, 'memory: sync failed; the next one continues from its saved page');
    else log.info({ connection: c.id, job: progress.id, done: result.done, indexed: result.indexed }, 'memory: sync finished');
  }, { concurrency: o.concurrency ?? 2 });
}
