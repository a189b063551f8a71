import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { errors, newId, nowIso, parseJsonColumn, type Database } from '../../platform/index.js';
import { createGroupCommit } from '../../platform/jobs/group-commit.js';
import type { RunStatus } from '../tables.js';
import '../tables.js';

export type RunRow = Database['workflow_runs'];
export const finishedStatuses: RunStatus[] = ['succeeded', 'failed', 'cancelled'];

/** A run's stored error (its `error` JSON column): what failed, and at which step. */
export const storedRunErrorSchema = z.object({ code: z.string().optional(), message: z.string().optional(), stepId: z.string().optional() }).loose();
export const runErrorOf = (r: Pick<RunRow, 'error'>) => (r.error === null ? undefined : parseJsonColumn(storedRunErrorSchema, r.error, { column: 'workflow_runs.error' }));

export interface RunListFilter {
  workspaceId: string;
  workflowId?: string | undefined;
  status?: RunStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Opaque cursor from the previous page (newest first). */
  cursor?: string | undefined;
  limit: number;
}

const encodeCursor = (r: { created_at: string; id: string }) => Buffer.from(`${r.created_at}|${r.id}`).toString('base64url');
const decodeCursor = (c: string) => {
  const [createdAt, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id) throw errors.badRequest('The cursor is not valid.', [{ field: 'query.cursor', message: 'not a cursor from this API' }]);
  return { createdAt, id };
};

/** Workflow runs: creation, the worker lease, state changes, the paged list and pruning. */
export function createRunStore(db: Kysely<Database>) {
  // The hot writes of every run (create, claim, finish, suspend) share commits with concurrent runs.
  const commit = createGroupCommit(db);
  return {
    async create(input: {
      workspaceId: string;
      workflowId: string;
      version: number;
      mode: 'live' | 'dry';
      triggerType: string;
      triggerData: unknown;
      parentRunId?: string | undefined;
      parentStepKey?: string | undefined;
      id?: string;
    }): Promise<RunRow> {
      const now = nowIso();
      const row: RunRow = {
        id: input.id ?? newId('run_'),
        workspace_id: input.workspaceId,
        workflow_id: input.workflowId,
        version: input.version,
        status: 'queued',
        mode: input.mode,
        trigger_type: input.triggerType,
        trigger_data: JSON.stringify(input.triggerData ?? null),
        attempt_group: 0,
        lease_owner: null,
        lease_until: 0,
        error: null,
        output: null,
        parent_run_id: input.parentRunId ?? null,
        parent_step_key: input.parentStepKey ?? null,
        created_at: now,
        started_at: null,
        finished_at: null,
        updated_at: now,
      };
      await commit((trx) => trx.insertInto('workflow_runs').values(row).execute());
      return row;
    },

    get: (id: string) => db.selectFrom('workflow_runs').selectAll().where('id', '=', id).executeTakeFirst(),

    async getScoped(workspaceId: string, id: string): Promise<RunRow> {
      const r = await db.selectFrom('workflow_runs').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      if (!r) throw errors.notFound('Run', 'workflows.run_not_found');
      return r;
    },

    /** A large step output of the run, stored by reference in workflow_blobs (`found: false` when the run has no such blob). */
    async storedOutput(runId: string, ref: string): Promise<{ found: true; output: unknown } | { found: false }> {
      const b = await db.selectFrom('workflow_blobs').select('data').where('id', '=', ref).where('run_id', '=', runId).executeTakeFirst();
      return b ? { found: true, output: parseJsonColumn(z.unknown(), b.data, { column: 'workflow_blobs.data' }) } : { found: false };
    },

    /**
     * Takes the run for this worker when nobody (this worker included) holds a live lease on it. `firstClaim`:
     * the run had never been claimed (it gets its start time from this claim), so it has no journal yet.
     */
    async claim(id: string, owner: string, now: number, leaseMs: number): Promise<(RunRow & { firstClaim: boolean }) | undefined> {
      const stamp = nowIso();
      const row = await commit((trx) => trx
        .updateTable('workflow_runs')
        .set({ lease_owner: owner, lease_until: now + leaseMs, status: 'running', started_at: sql<string>`coalesce(started_at, ${stamp})`, updated_at: stamp })
        .where('id', '=', id)
        .where('status', 'in', ['queued', 'running', 'waiting'])
        // Never re-entered by its own holder either: one execution per run at a time.
        .where((eb) => eb.or([eb('lease_until', '<', now), eb('lease_owner', 'is', null)]))
        .returningAll()
        .executeTakeFirst());
      return row && { ...row, firstClaim: row.started_at === stamp };
    },

    /** Renews the lease; false when it was lost (reaped) or the run was cancelled meanwhile. */
    async heartbeat(id: string, owner: string, until: number): Promise<boolean> {
      const r = await db.updateTable('workflow_runs').set({ lease_until: until }).where('id', '=', id).where('lease_owner', '=', owner).where('status', '=', 'running').executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Parks the run until a stored timer or a signal resumes it; releases the lease. */
    async suspend(id: string, owner: string): Promise<void> {
      await commit((trx) => trx.updateTable('workflow_runs').set({ status: 'waiting', lease_owner: null, lease_until: 0, updated_at: nowIso() }).where('id', '=', id).where('lease_owner', '=', owner).where('status', '=', 'running').execute());
    },

    /** Gives a claimed run back (its workflow is at its concurrency limit): `queued` again, lease released. */
    async unclaim(id: string, owner: string): Promise<void> {
      await commit((trx) => trx.updateTable('workflow_runs').set({ status: 'queued', lease_owner: null, lease_until: 0, updated_at: nowIso() }).where('id', '=', id).where('lease_owner', '=', owner).where('status', '=', 'running').execute());
    },

    async finish(id: string, owner: string, status: 'succeeded' | 'failed', result: { output?: unknown; error?: unknown }): Promise<boolean> {
      const now = nowIso();
      const r = await commit((trx) => trx
        .updateTable('workflow_runs')
        .set({
          status,
          output: result.output === undefined ? null : JSON.stringify(result.output),
          error: result.error === undefined ? null : JSON.stringify(result.error),
          lease_owner: null,
          lease_until: 0,
          finished_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'running')
        .executeTakeFirst());
      return Number(r.numUpdatedRows) > 0;
    },

    /** Marks a run cancelled unless it already finished; true when it changed. */
    async cancel(id: string): Promise<boolean> {
      const now = nowIso();
      const r = await db
        .updateTable('workflow_runs')
        .set({ status: 'cancelled', finished_at: now, updated_at: now, lease_owner: null, lease_until: 0, error: JSON.stringify({ code: 'workflows.run.cancelled', message: 'The run was cancelled.' }) })
        .where('id', '=', id)
        .where('status', 'not in', finishedStatuses)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Puts a finished run back in the queue (re-run from its failed step). */
    async requeue(id: string, patch: { version?: number }): Promise<void> {
      await db
        .updateTable('workflow_runs')
        .set({ status: 'queued', error: null, output: null, finished_at: null, lease_owner: null, lease_until: 0, attempt_group: sql<number>`attempt_group + 1`, updated_at: nowIso(), ...(patch.version ? { version: patch.version } : {}) })
        .where('id', '=', id)
        .execute();
    },

    async countActive(workflowId: string): Promise<number> {
      const r = await db
        .selectFrom('workflow_runs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workflow_id', '=', workflowId)
        .where('status', '=', 'running')
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** Runs whose worker stopped renewing its lease (it died): the reaper hands them on. */
    expiredLeases: (now: number, limit: number) =>
      db.selectFrom('workflow_runs').select(['id', 'lease_until']).where('status', '=', 'running').where('lease_until', '<', now).limit(limit).execute(),

    staleQueued: (before: string, limit: number) =>
      db.selectFrom('workflow_runs').select('id').where('status', '=', 'queued').where('updated_at', '<', before).limit(limit).execute(),

    async list(f: RunListFilter): Promise<{ runs: RunRow[]; nextCursor: string | null }> {
      let q = db.selectFrom('workflow_runs').selectAll().where('workspace_id', '=', f.workspaceId);
      if (f.workflowId) q = q.where('workflow_id', '=', f.workflowId);
      if (f.status) q = q.where('status', '=', f.status);
      if (f.from) q = q.where('created_at', '>=', f.from);
      if (f.to) q = q.where('created_at', '<', f.to);
      if (f.cursor) {
        const c = decodeCursor(f.cursor);
        q = q.where((eb) => eb.or([eb('created_at', '<', c.createdAt), eb.and([eb('created_at', '=', c.createdAt), eb('id', '<', c.id)])]));
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit + 1).execute();
      const page = rows.slice(0, f.limit);
      const last = page.at(-1);
      return { runs: page, nextCursor: rows.length > f.limit && last ? encodeCursor(last) : null };
    },

    /** Deletes up to `batch` finished runs older than `before` with their journal; returns how many. */
    async pruneBatch(before: string, batch: number): Promise<number> {
      const ids = (
        await db.selectFrom('workflow_runs').select('id').where('finished_at', '<', before).where('status', 'in', finishedStatuses).limit(batch).execute()
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('workflow_run_steps').where('run_id', 'in', ids).execute();
        await trx.deleteFrom('workflow_blobs').where('run_id', 'in', ids).execute();
        await trx.deleteFrom('workflow_runs').where('id', 'in', ids).execute();
      });
      return ids.length;
    },
  };
}

export type RunStore = ReturnType<typeof createRunStore>;
