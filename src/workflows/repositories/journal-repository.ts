import { sql, type ExpressionBuilder, type Kysely, type OnConflictDatabase, type OnConflictTables } from 'kysely';
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
  /** Its place in the order the run journaled its steps (null for rows older than that). */
  seq: number | null;
}


/** What a step's journal write says: the entry, with its output as a value. */
export type EntryToWrite = Omit<JournalEntry, 'outputRef' | 'inlineOutput' | 'seq'> & { output?: unknown; seq?: number | null };

/** The worker writing lost the run's lease: another worker carries the run on. */
export class LeaseLostError extends Error {
  constructor(readonly runId: string) {
    super(`lost the lease on run ${runId}`);
  }
}

export type StepRow = Database['workflow_run_steps'];
const stepColumns = ['run_id', 'step_key', 'workspace_id', 'step_id', 'step_type', 'status', 'attempt', 'input', 'output', 'output_ref', 'error', 'logs', 'next_at', 'wait_token_hash', 'started_at', 'finished_at', 'duration_ms', 'seq'] as const satisfies readonly (keyof StepRow)[];
const updatedColumns = stepColumns.filter((c) => c !== 'run_id' && c !== 'step_key' && c !== 'seq');
// A row written again (a retry's next attempt, a sub-workflow's answer) takes the new values but keeps its
// place in the journal's order when the new write has none.
const updateFromExcluded = (eb: ExpressionBuilder<OnConflictDatabase<Database, 'workflow_run_steps'>, OnConflictTables<'workflow_run_steps'>>) => ({
  ...Object.fromEntries(updatedColumns.map((c) => [c, eb.ref(`excluded.${c}`)])),
  seq: sql<number | null>`coalesce(excluded.seq, workflow_run_steps.seq)`,
});

/** Inserts the rows, or replaces the ones a step already had (one statement for any number of rows). */
const upsert = (db: Kysely<Database>, rows: StepRow[]) =>
  db
    .insertInto('workflow_run_steps')
    .values(rows)
    .onConflict((oc) => oc.columns(['run_id', 'step_key']).doUpdateSet(updateFromExcluded))
    .execute();

/**
 * PostgreSQL: the lease fence and the upsert of every row in one statement, one round trip (a queue-mode
 * worker pays per round trip; fence and upsert were two per step). The run row is locked as a separate
 * SELECT … FOR UPDATE would, and nothing is written unless this worker still holds the lease. The rows
 * travel as one JSON parameter typed by the table's own row type, so no column needs a cast. Returns
 * whether they were written.
 */
const fencedUpsertPostgres = async (db: Kysely<Database>, runId: string, rows: StepRow[], owner: string): Promise<boolean> => {
  const result = await db
    .with('holder', (w) => w.selectFrom('workflow_runs').select('id').where('id', '=', runId).where('lease_owner', '=', owner).forUpdate())
    .insertInto('workflow_run_steps')
    .columns([...stepColumns])
    .expression(
      sql`select ${sql.join(stepColumns.map((c) => sql.ref(`r.${c}`)))} from json_populate_recordset(null::workflow_run_steps, ${JSON.stringify(rows)}::json) as r where exists (select 1 from holder)`,
    )
    .onConflict((oc) => oc.columns(['run_id', 'step_key']).doUpdateSet(updateFromExcluded))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === rows.length;
};

/** A journal row as the entry the engine reads. */
export const entryFromRow = (r: StepRow): JournalEntry => ({
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
  seq: r.seq,
});

/** An entry as its row, its output already serialised (inline text, or the id of the blob holding it). */
export function stepRow(runId: string, workspaceId: string, e: EntryToWrite, out: { inline: string | null; ref: string | null }, inlineBytes: number): StepRow {
  const input = e.input === undefined ? null : JSON.stringify(e.input);
  return {
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
    seq: e.seq ?? null,
  };
}

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


  const commit = createGroupCommit(db);
  const postgres = isPostgresDb(db);

  /**
   * One entry as its row; an output larger than `inlineBytes` is stored in the blob table now and the row
   * references it (`output_ref`).
   */
  async function row(runId: string, workspaceId: string, e: EntryToWrite): Promise<StepRow> {
    return stepRow(runId, workspaceId, e, await serialize(runId, workspaceId, e.output), inlineBytes);
  }

  /**
   * Upserts rows of one run in one statement. With `fence`, they are written only while that worker still
   * holds the run's lease (a worker whose lease was taken over cannot overwrite its successor's journal);
   * otherwise it throws LeaseLostError.
   */
  async function write(runId: string, rows: StepRow[], fence?: { owner: string }): Promise<void> {
    if (rows.length === 0) return;
    const written = await commit(async (trx) => {
      if (fence && postgres) return fencedUpsertPostgres(trx, runId, rows, fence.owner);
      if (fence) {
        const holder = trx.selectFrom('workflow_runs').select('id').where('id', '=', runId).where('lease_owner', '=', fence.owner);
        if (!(await holder.executeTakeFirst())) return false;
      }
      await upsert(trx, rows);
      return true;
    });
    if (!written) throw new LeaseLostError(runId);
  }

  return {
    row,
    write,

    /** Upserts one entry (see `row` and `write`); returns the blob id when the output went out of line. */
    async record(runId: string, workspaceId: string, e: EntryToWrite, fence?: { owner: string }): Promise<string | null> {
      const r = await row(runId, workspaceId, e);
      await write(runId, [r], fence);
      return r.output_ref;
    },

    async blob(id: string): Promise<unknown> {
      const b = await db.selectFrom('workflow_blobs').select('data').where('id', '=', id).executeTakeFirst();
      return b ? stored(b.data, 'workflow_blobs.data') : undefined;
    },

    /** Every entry of a run (outputs stored by reference stay in the blob table until asked for). */
    async load(runId: string): Promise<Map<string, JournalEntry>> {
      const rows = await db.selectFrom('workflow_run_steps').selectAll().where('run_id', '=', runId).execute();
      return new Map(rows.map((r) => [r.step_key, entryFromRow(r)]));
    },

    async output(e: JournalEntry): Promise<unknown> {
      if (!e.outputRef) return e.inlineOutput;
      const b = await db.selectFrom('workflow_blobs').select('data').where('id', '=', e.outputRef).executeTakeFirst();
      return b ? stored(b.data, 'workflow_blobs.data') : undefined;
    },

    async timeline(runId: string, opts: { limit: number; offset: number }): Promise<JournalEntry[]> {
      const rows = await db.selectFrom('workflow_run_steps').selectAll().where('run_id', '=', runId).orderBy('started_at').orderBy('seq').orderBy('step_key').limit(opts.limit).offset(opts.offset).execute();
      return rows.map(entryFromRow);
    },

    async findWaiting(tokenHash: string) {
      const r = await db.selectFrom('workflow_run_steps').selectAll().where('wait_token_hash', '=', tokenHash).where('status', '=', 'waiting').executeTakeFirst();
      return r ? { runId: r.run_id, entry: entryFromRow(r) } : undefined;
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
