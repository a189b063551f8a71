import type { Actor } from '../../platform/access/index.js';
import type { AppContext } from '../../platform/index.js';
import type { ActionRegistry } from '../actions/index.js';
import type { Step, WorkflowDefinition } from '../definition/schema.js';
import { entryFromRow, stepRow, type JournalEntry, type RunJournal } from '../repositories/journal-repository.js';
import type { RunRow } from '../repositories/run-repository.js';
import { executeRun, type RunOutcome } from './executor.js';
import { createGuardedFetch } from '../../platform/outbound/index.js';
import { codeSteps } from '../code/index.js';

/** A journal kept in memory: testing a step writes nothing to the database. */
function memoryJournal(): RunJournal & { entries: Map<string, JournalEntry> } {
  const entries = new Map<string, JournalEntry>();
  const row: RunJournal['row'] = async (run, ws, e) => stepRow(run, ws, e, { inline: e.output === undefined ? null : JSON.stringify(e.output), ref: null }, Number.POSITIVE_INFINITY);
  const write: RunJournal['write'] = async (_run, rows) => {
    for (const r of rows) entries.set(r.step_key, entryFromRow(r));
  };
  return {
    entries,
    // As a run writes: the entry as its row (outputs kept inline, however large), read back as the run would.
    row,
    write,
    async record(run, ws, e) {
      await write(run, [await row(run, ws, e)]);
      return null;
    },
    load: async () => new Map(entries),
    output: async (e) => e.inlineOutput,
    blob: async () => undefined,
    timeline: async () => [...entries.values()],
    findWaiting: async () => undefined,
    answerWaiting: async () => false,
    dropUnfinished: async () => undefined,
    dropAll: async () => undefined,
  };
}

/**
 * Runs one step with the given trigger data, earlier step outputs and variables, outside any run:
 * no journal rows, no timers (a retry or wait is reported, not scheduled). Dry run previews side effects.
 */
export async function testStep(
  ctx: AppContext,
  actions: ActionRegistry,
  definition: WorkflowDefinition,
  step: Step,
  input: { trigger?: unknown; steps?: Record<string, unknown>; vars?: Record<string, unknown>; dryRun: boolean; workspaceId: string; workflowId: string; actor?: Actor; secret?: (workspaceId: string, name: string) => Promise<string | undefined> },
): Promise<{ outcome: RunOutcome; entry: JournalEntry | undefined }> {
  const journal = memoryJournal();
  const now = new Date().toISOString();
  const run: RunRow = {
    id: `test_${Date.now().toString(36)}`,
    workspace_id: input.workspaceId,
    workflow_id: input.workflowId,
    version: 0,
    status: 'running',
    mode: input.dryRun ? 'dry' : 'live',
    trigger_type: 'test',
    trigger_data: JSON.stringify(input.trigger ?? null),
    attempt_group: 0,
    lease_owner: null,
    lease_until: 0,
    error: null,
    output: null,
    parent_run_id: null,
    parent_step_key: null,
    created_at: now,
    started_at: now,
    finished_at: null,
    updated_at: now,
  };
  const single: WorkflowDefinition = { ...definition, steps: [{ ...step, retry: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0, multiplier: 1, nonRetryable: [] } }], output: undefined };
  const outcome = await executeRun(run, single, new Map(), AbortSignal.timeout(60_000), {
    actions,
    journal,
    clock: { now: () => Date.now() },
    logger: ctx.logger,
    limits: { timeoutMs: ctx.config.ATOM_WORKFLOW_EXPRESSION_TIMEOUT_MS, maxResultBytes: 10 * 1024 * 1024 },
    maxLoopItems: ctx.config.ATOM_WORKFLOW_FOR_EACH_MAX_ITEMS,
    secret: input.secret ?? (async () => undefined),
    wakeAt: async () => undefined,
    startChild: async () => undefined,
    waitUrl: () => '(not available in a step test)',
    fetch: createGuardedFetch({ allow: ctx.config.ATOM_SSRF_ALLOW }),
    runCode: codeSteps(ctx).run,
    // The tested step acts for its version's author, as a run of that version would.
    actorFor: async () => input.actor,
  }, { ...(input.steps ? { steps: input.steps } : {}), ...(input.vars ? { vars: input.vars } : {}) });
  return { outcome, entry: journal.entries.get(step.id) };
}
