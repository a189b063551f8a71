import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isPostgresDb, newId, nowIso, parseJsonColumn, type Database } from '../../platform/index.js';
import { createGroupCommit } from '../../platform/jobs/group-commit.js';
import type { StepStatus } from '../tables.js';
import '../tables.js';

/** A JSON column of a step or blob row (any JSON value: step inputs, outputs and errors are user data). */
const stored = (text: string | null, column: string): unknown => (text === null ? undefined : parseJsonColumn(z.unknown(), text, { column }));

/** One journal entry: what happened to one step (one loop iteration of it) of a run. */
export interface JournalEntry {
  stepKey: string;
  stepId: string;
  stepType: string;
  status: StepStatus;
  attempt: number;
  input?: unknown;
  /** Loaded on demand when stored by reference (see `output()`). */
  outputRef: string | null;
  inlineOutput?: unknown;
  error?: unknown;
  logs?: unknown[];
  nextAt: number | null;
  waitTokenHash?: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

type StepRow = Database['workflow_run_steps'];

/** The worker writing lost the run's lease: another worker carries the run on. */
export class LeaseLostError extends Error {
  constructor(readonly runId: string) {
    super(`lost the lease on run ${runId}`);
  }
}

const upsert = (db: Kysely<Database>, row: StepRow) => {
  const { run_id: _r, step_key: _k, ...update } = row;
  return db.insertInto('workflow_run_steps').values(row).onConflict((oc) => oc.columns(['run_id', 'step_key']).doUpdateSet(update)).execute();
};

/**
 * The run journal: each step's record, written when the step finishes and before the next starts, so a
 * worker that takes over a run replays it instead of running finished steps again. Values larger than
 * `inlineBytes` go to workflow_blobs and are referenced.
 */
export function createRunJournal(db: Kysely<Database>, inlineBytes: number) {
  const serialize = async (runId: string, workspaceId: string, value: unknown): Promise<{ inline: string | null; ref: string | null }> => {
    if (value === undefined) return { inline: null, ref: null };
    const text = JSON.stringify(value);
    if (text.length <= inlineBytes) return { inline: text, ref: null };
    const id = newId('blob_');
    await db.insertInto('workflow_blobs').values({ id, run_id: runId, workspace_id: workspaceId, data: text, bytes: text.length, created_at: nowIso() }).execute();
    return { inline: null, ref: id };
  };

  const fromRow = (r: Database['workflow_run_steps']): JournalEntry => ({
    stepKey: r.step_key,
    stepId: r.step_id,
    stepType: r.step_type,
    status: r.status,
    attempt: r.attempt,
    input: stored(r.input, 'workflow_run_steps.input'),
    outputRef: r.output_ref,
    inlineOutput: stored(r.output, 'workflow_run_steps.output'),
    error: stored(r.error, 'workflow_run_steps.error'),
    logs: r.logs === null ? undefined : parseJsonColumn(z.array(z.unknown()), r.logs, { column: 'workflow_run_steps.logs' }),
    nextAt: r.next_at,
    waitTokenHash: r.wait_token_hash,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
  });

  const commit = createGroupCommit(db);
  const postgres = isPostgresDb(db);

  return {
    /**
     * Upserts one entry; returns the blob id when the output went out of line. With `fence`, the write
     * happens only while that worker still holds the run's lease (a worker whose lease was taken over
     * cannot overwrite its successor's journal); otherwise it throws LeaseLostError.
     */
    async record(runId: string, workspaceId: string, e: Omit<JournalEntry, 'outputRef' | 'inlineOutput'> & { output?: unknown }, fence?: { owner: string }): Promise<string | null> {
      const out = await serialize(runId, workspaceId, e.output);
      const input = e.input === undefined ? null : JSON.stringify(e.input);
      const row = {
        run_id: runId,
        step_key: e.stepKey,
        workspace_id: workspaceId,
        step_id: e.stepId,
        step_type: e.stepType,
        status: e.status,
        attempt: e.attempt,
        // Inputs are for the timeline; a huge one is summarised rather than stored twice.
        input: input !== null && input.length > inlineBytes ? JSON.stringify({ truncated: true, bytes: input.length }) : input,
        output: out.inline,
        output_ref: out.ref,
        error: e.error === undefined ? null : JSON.stringify(e.error),
        logs: e.logs && e.logs.length > 0 ? JSON.stringify(e.logs) : null,
        next_at: e.nextAt,
        wait_token_hash: e.waitTokenHash ?? null,
        started_at: e.startedAt,
        finished_at: e.finishedAt,
        duration_ms: e.durationMs,
      };
      const written = await commit(async (trx) => {
        if (fence) {
          const holder = trx.selectFrom('workflow_runs').select('id').where('id', '=', runId).where('lease_owner', '=', fence.owner);
          if (!(await (postgres ? holder.forUpdate() : holder).executeTakeFirst())) return false;
        }
        await upsert(trx, row);
        return true;
      });
      if (!written) throw new LeaseLostError(runId);
      return out.ref;
    },

    async blob(id: string): Promise<unknown> {
      const b = await db.selectFrom('workflow_blobs').select('data').where('id', '=', id).executeTakeFirst();
      return b ? stored(b.data, 'workflow_blobs.data') : undefined;
    },

    /** Every entry of a run (outputs stored by reference stay in the blob table until asked for). */
    async load(runId: string): Promise<Map<string, JournalEntry>> {
      const rows = await db.selectFrom('workflow_run_steps').selectAll().where('run_id', '=', runId).execute();
      return new Map(rows.map((r) => [r.step_key, fromRow(r)]));
    },

    async output(e: JournalEntry): Promise<unknown> {
      if (!e.outputRef) return e.inlineOutput;
      const b = await db.selectFrom('workflow_blobs').select('data').where('id', '=', e.outputRef).executeTakeFirst();
      return b ? stored(b.data, 'workflow_blobs.data') : undefined;
    },

    async timeline(runId: string, opts: { limit: number; offset: number }): Promise<JournalEntry[]> {
      const rows = await db.selectFrom('workflow_run_steps').selectAll().where('run_id', '=', runId).orderBy('started_at').orderBy('step_key').limit(opts.limit).offset(opts.offset).execute();
      return rows.map(fromRow);
    },

    async findWaiting(tokenHash: string) {
      const r = await db.selectFrom('workflow_run_steps').selectAll().where('wait_token_hash', '=', tokenHash).where('status', '=', 'waiting').executeTakeFirst();
      return r ? { runId: r.run_id, entry: fromRow(r) } : undefined;
    },

    /**
     * Finishes a waiting step with `output`, only if it is still waiting: of two answers racing for the
     * same step, one wins (true) and the other changes nothing (false).
     */
    async answerWaiting(runId: string, workspaceId: string, stepKey: string, output: unknown, finishedAt: string, durationMs: number): Promise<boolean> {
      const out = await serialize(runId, workspaceId, output);
      const r = await db
        .updateTable('workflow_run_steps')
        .set({ status: 'succeeded', output: out.inline, output_ref: out.ref, wait_token_hash: null, finished_at: finishedAt, duration_ms: durationMs })
        .where('run_id', '=', runId)
        .where('step_key', '=', stepKey)
        .where('status', '=', 'waiting')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Forgets failed entries (and everything after them is re-run anyway): used by re-run from failed step. */
    async dropUnfinished(runId: string): Promise<void> {
      await db.deleteFrom('workflow_run_steps').where('run_id', '=', runId).where('status', '!=', 'succeeded').execute();
    },

    async dropAll(runId: string): Promise<void> {
      await db.deleteFrom('workflow_run_steps').where('run_id', '=', runId).execute();
    },
  };
}

export type RunJournal = ReturnType<typeof createRunJournal>;
