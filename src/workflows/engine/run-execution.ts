import type { Logger } from '../../platform/index.js';
import type { Actor } from '../../platform/access/index.js';
import type { Clock } from '../../platform/jobs/index.js';
import type { ActionContext, ActionRegistry } from '../actions/index.js';
import { evaluateExpression, referencedSteps, renderValue, templateExpressions, type ExpressionLimits } from '../definition/expressions.js';
import type { Step, WorkflowDefinition } from '../definition/schema.js';
import { secretScope, type SecretPlaceholders } from '../secrets/markers.js';
import { redactingLogger } from '../secrets/redaction.js';
import { LeaseLostError, type JournalEntry, type RunJournal, type StepRow } from '../repositories/journal-repository.js';
import type { RunRow } from '../repositories/run-repository.js';
import { Interrupted, type StepErrorInfo } from './outcomes.js';

/** A journal write as live run views hear of it. */
export interface StepRecordedEvent {
  stepKey: string;
  stepId: string;
  stepType: string;
  status: JournalEntry['status'];
  attempt: number;
  durationMs: number | null;
}

/** What the executor needs from the engine around it, passed explicitly. */
export interface ExecutorDeps {
  actions: ActionRegistry;
  journal: RunJournal;
  clock: Clock;
  logger: Logger;
  limits: ExpressionLimits;
  /** Most items one for_each step may loop over (ATOM_WORKFLOW_FOR_EACH_MAX_ITEMS). */
  maxLoopItems: number;
  secret(workspaceId: string, name: string): Promise<string | undefined>;
  /** Stores a timer that resumes the run at `at` (idempotent per id). */
  wakeAt(runId: string, timerId: string, at: number): Promise<void>;
  /** Starts a child run (sub-workflow) with a deterministic id; returns its id. */
  startChild(parent: RunRow, stepKey: string, childRunId: string, workflowId: string, input: unknown): Promise<void>;
  /** Public URL path a waiting step is resumed through. */
  waitUrl(token: string): string;
  /** This worker's lease name: journal writes are fenced by it (absent for step tests). */
  owner?: string;
  /** Told after each journal write (live run views). */
  onStepRecorded?: (run: RunRow, step: StepRecordedEvent) => void;
  /** The SSRF-guarded fetch actions get for user-supplied URLs. */
  fetch?: ActionContext['fetch'];
  /** The app context's code-step sandbox (codeSteps(ctx).run) that `core.code` runs in. */
  runCode?: ActionContext['runCode'];
  /**
   * Whom a run's action calls act for: its version's author as the access policy sees them at the time of
   * the call (rights may change after activation). Absent: Atom itself (shared connections only).
   */
  actorFor?(run: RunRow): Promise<Actor | undefined>;
}

export type RunOutcome =
  | { status: 'succeeded'; output: unknown }
  | { status: 'failed'; error: StepErrorInfo }
  | { status: 'suspended' }
  | { status: 'interrupted'; reason: Interrupted['reason'] };

export interface Scope {
  /** Journal key prefix of the loop iteration we are in (`loop[3]/`). */
  prefix: string;
  /** Iteration path for idempotency keys: `0` outside loops, `3`, `3.1` inside. */
  iteration: string;
  steps: Record<string, unknown>;
  item?: unknown;
  index?: number;
}

/** A step output kept out of memory (large): loaded when an expression reads it. */
export class BlobRef {
  constructor(readonly id: string) {}
}

/** A journal write for one step: its status and whatever else the step knows by then. */
export type StepRecord = Partial<JournalEntry> & { status: JournalEntry['status']; output?: unknown };

/**
 * One execution of one run, shared by the step systems (control steps, leaf steps, waits, the action
 * call): the run and its journal as loaded, the run's data that expressions read, and the journal writer.
 */
export interface RunExecution {
  run: RunRow;
  def: WorkflowDefinition;
  /** The journal as it was when this execution began: finished steps replay from it. */
  entries: Map<string, JournalEntry>;
  signal: AbortSignal;
  deps: ExecutorDeps;
  dryRun: boolean;
  /** Variables `set` steps assign (shared by every scope of the run). */
  vars: Record<string, unknown>;
  /** Every secret value any step of this run resolved in this process: the run's loggers redact them. */
  resolvedSecrets: Set<string>;
  logger: Logger;
  /** Throws the run's interruption (cancel, timeout, lost lease) once its signal is aborted. */
  checkInterrupt: () => void;
  exprData: (scope: Scope, sources: string[], placeholders?: SecretPlaceholders) => Promise<Record<string, unknown>>;
  evalExpr: (scope: Scope, source: string) => Promise<unknown>;
  render: (scope: Scope, value: unknown, placeholders?: SecretPlaceholders) => Promise<unknown>;
  /**
   * Journals the step (fenced by this worker's lease); returns the blob id when the output is stored apart.
   * A step that stayed inside the run may be written with the next write instead (see `staysInRun`).
   */
  record: (step: Step, key: string, e: StepRecord, startedAt: string, started: number) => Promise<string | null>;
  /** Writes the journal rows still waiting; the run's outcome is settled only after this. */
  flush: () => Promise<void>;
  /** The value later steps see for a finished entry: large outputs stay in the blob table. */
  replayValue: (e: JournalEntry) => unknown;
  /** Runs a block of steps in order; its value is the last step's. */
  runSteps: (steps: Step[], scope: Scope) => Promise<unknown>;
}

export function createRunExecution(
  run: RunRow,
  def: WorkflowDefinition,
  entries: Map<string, JournalEntry>,
  signal: AbortSignal,
  deps: ExecutorDeps,
  seed: { vars?: Record<string, unknown> },
  /** How one step runs (the executor's dispatch): blocks of steps call back into it. */
  runStep: (x: RunExecution, step: Step, scope: Scope) => Promise<unknown>,
): RunExecution {
  const { journal, clock } = deps;
  const trigger = JSON.parse(run.trigger_data) as unknown;
  const vars: Record<string, unknown> = { ...seed.vars };
  // `env.now` is the run's start, so replays evaluate conditions exactly as the first pass did.
  const env = { runId: run.id, workflowId: run.workflow_id, version: run.version, mode: run.mode, now: run.created_at };
  // The run's logger and the loggers handed to actions redact every resolved secret, so an action
  // logging its input or an upstream error cannot leak one.
  const resolvedSecrets = new Set<string>();

  const exprData = async (scope: Scope, sources: string[], placeholders?: SecretPlaceholders) => {
    const steps: Record<string, unknown> = { ...scope.steps };
    for (const src of sources) {
      for (const id of referencedSteps(src)) {
        const v = steps[id];
        if (v instanceof BlobRef) steps[id] = await journal.blob(v.id);
      }
    }
    // Secrets read by these expressions render as markers. Only an action's input gets placeholders that
    // resolve (filled in inside the action call); anywhere else `secrets.NAME` is inert text.
    const secrets = placeholders ? placeholders.scope(sources) : secretScope(sources);
    return { trigger, steps, vars, env, item: scope.item, index: scope.index, ...(secrets ? { secrets } : {}) };
  };

  // Journal rows not written yet: steps that stayed inside the run (see `staysInRun`) wait for the next
  // write that must happen now, and go with it in one statement.
  const pending: { row: StepRow; event: StepRecordedEvent }[] = [];
  // Journal order, continued from what earlier executions of the run wrote.
  let seq = 0;
  for (const e of entries.values()) seq = Math.max(seq, e.seq ?? 0);
  let pendingSince = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    await journal.write(run.id, batch.map((p) => p.row), deps.owner ? { owner: deps.owner } : undefined).catch((err: unknown) => {
      if (err instanceof LeaseLostError) throw new Interrupted('lease_lost');
      throw err;
    });
    for (const p of batch) deps.onStepRecorded?.(run, p.event);
  };

  const x: RunExecution = {
    run,
    def,
    entries,
    signal,
    deps,
    dryRun: run.mode === 'dry',
    vars,
    resolvedSecrets,
    logger: redactingLogger(deps.logger, resolvedSecrets, { runId: run.id }),
    checkInterrupt: () => {
      if (signal.aborted) throw signal.reason instanceof Interrupted ? signal.reason : new Interrupted('cancelled');
    },
    exprData,
    evalExpr: async (scope, source) => evaluateExpression(source, await exprData(scope, [source]), deps.limits),
    render: async (scope, value, placeholders) => {
      const sources: string[] = [];
      collectSources(value, sources);
      return renderValue(value, await exprData(scope, sources, placeholders), deps.limits);
    },
    record: async (step, key, e, startedAt, started) => {
      const finished = e.status === 'succeeded' || e.status === 'failed';
      const row = await journal.row(run.id, run.workspace_id, {
        stepKey: key,
        stepId: step.id,
        stepType: step.type,
        attempt: e.attempt ?? 1,
        nextAt: e.nextAt ?? null,
        startedAt,
        finishedAt: finished ? new Date(clock.now()).toISOString() : null,
        durationMs: finished ? clock.now() - started : null,
        ...e,
        seq: ++seq,
      });
      if (pending.length === 0) pendingSince = performance.now();
      pending.push({ row, event: { stepKey: key, stepId: step.id, stepType: step.type, status: e.status, attempt: e.attempt ?? 1, durationMs: finished ? clock.now() - started : null } });
      const mayWait = e.status === 'succeeded' && row.output_ref === null && staysInRun(step, deps.actions);
      if (!mayWait || pending.length >= maxPending || performance.now() - pendingSince >= maxPendingMs) await flush();
      return row.output_ref;
    },
    flush,
    replayValue: (e) => (e.outputRef ? new BlobRef(e.outputRef) : e.inlineOutput),
    runSteps: async (steps, scope) => {
      let last: unknown = null;
      for (const step of steps) last = await runStep(x, step, scope);
      return last;
    },
  };
  return x;
}

function collectSources(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(...templateExpressions(value));
  else if (Array.isArray(value)) for (const v of value) collectSources(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectSources(v, out);
}

// At most this many journal rows, or rows this old, wait for the next write: a long chain of such steps
// (a loop over thousands of items) still shows its progress on the run's timeline.
const maxPending = 50;
const maxPendingMs = 200;

/**
 * Whether a step that succeeded may have its journal row written with a later write rather than before
 * the next step starts: it did nothing outside the run (computed values, assigned variables, ran a block, or
 * called an action that declares itself `local`), so if the worker dies first, running it again on
 * takeover is indistinguishable from the first time. Every other write (an action that reaches out, a
 * failure, a retry, a wait, the run's end) writes the waiting rows first, in the same statement, so whatever
 * left the run was computed from journaled values.
 */
export function staysInRun(step: Step, actions: ActionRegistry): boolean {
  if (step.type === 'set' || step.type === 'transform' || step.type === 'if' || step.type === 'switch' || step.type === 'for_each' || step.type === 'parallel') return true;
  return step.type === 'action' && actions.get(step.action)?.local === true;
}
