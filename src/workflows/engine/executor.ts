import { evaluateExpression } from '../definition/expressions.js';
import type { Step, WorkflowDefinition } from '../definition/schema.js';
import { redactSecrets } from '../secrets/markers.js';
import type { JournalEntry } from '../repositories/journal-repository.js';
import type { RunRow } from '../repositories/run-repository.js';
import { isControlStep, runControlStep } from './control-steps.js';
import { runLeafStep } from './leaf-steps.js';
import { describeError, Interrupted, StepFailure, StopRun, Suspend } from './outcomes.js';
import { BlobRef, createRunExecution, type ExecutorDeps, type RunExecution, type RunOutcome, type Scope } from './run-execution.js';

export type { ExecutorDeps, RunOutcome } from './run-execution.js';

/**
 * Runs (or resumes) one run of a definition. Reads like the run itself: for each step, replay it from
 * the journal when it finished before, otherwise run it and journal the result before going on. Waits
 * and retries become stored timers and unwind the executor with Suspend.
 *
 * The steps themselves are systems of their own: control steps (if, switch, for_each, parallel) run
 * blocks; leaf steps journal each attempt, and hand actions to the action call and waits to wait steps.
 */
export async function executeRun(
  run: RunRow,
  def: WorkflowDefinition,
  journalEntries: Map<string, JournalEntry>,
  signal: AbortSignal,
  deps: ExecutorDeps,
  /** Outputs and variables to start from (testing a single step with given data). */
  seed: { steps?: Record<string, unknown>; vars?: Record<string, unknown> } = {},
): Promise<RunOutcome> {
  const x = createRunExecution(run, def, journalEntries, signal, deps, seed, runStep);
  try {
    const last = await x.runSteps(def.steps, { prefix: '', iteration: '0', steps: { ...seed.steps } });
    await x.flush();
    const output = def.output ? await evaluateExpression(def.output, await x.exprData({ prefix: '', iteration: '0', steps: await finishedOutputs(x) }, [def.output]), deps.limits) : last instanceof BlobRef ? await deps.journal.blob(last.id) : last;
    return { status: 'succeeded', output };
  } catch (err) {
    // What finished before a failure or an interruption still belongs on the run's timeline (best effort:
    // after a lost lease the fence refuses it, as it should).
    await x.flush().catch(() => undefined);
    if (err instanceof Suspend) return { status: 'suspended' };
    if (err instanceof StopRun) return { status: 'succeeded', output: err.output };
    if (err instanceof Interrupted) return { status: 'interrupted', reason: err.reason };
    if (err instanceof StepFailure) return { status: 'failed', error: err.info };
    x.logger.error({ err }, 'workflow run failed unexpectedly');
    return { status: 'failed', error: redactSecrets(describeError(err), x.resolvedSecrets) };
  }
}

/** One step: replayed when the journal has it finished, otherwise run as a control or a leaf step. */
async function runStep(x: RunExecution, step: Step, scope: Scope): Promise<unknown> {
  x.checkInterrupt();
  const { clock } = x.deps;
  const key = scope.prefix + step.id;
  const entry = x.entries.get(key);
  const startedAt = new Date(clock.now()).toISOString();
  const started = clock.now();
  if (isControlStep(step)) return runControlStep(x, step, scope, key, entry, startedAt, started);

  // Replay: a finished step is not run again; its journaled output is what later steps see.
  if (entry && (entry.status === 'succeeded' || (entry.status === 'failed' && step.onError !== 'stop'))) {
    const value = entry.status === 'succeeded' ? x.replayValue(entry) : { error: entry.error };
    if (step.type === 'set' && entry.status === 'succeeded') Object.assign(x.vars, entry.inlineOutput as Record<string, unknown>);
    scope.steps[step.id] = value;
    if (entry.status === 'failed' && step.onError === 'branch') await x.runSteps(step.errorSteps ?? [], scope);
    return value;
  }
  return runLeafStep(x, step, scope, key, entry, startedAt, started);
}

/** The top-level steps' outputs as journaled: what the definition's output expression reads. */
async function finishedOutputs(x: RunExecution): Promise<Record<string, unknown>> {
  const map = await x.deps.journal.load(x.run.id);
  const out: Record<string, unknown> = {};
  for (const e of map.values()) if (!e.stepKey.includes('/') && e.status === 'succeeded') out[e.stepId] = x.replayValue(e);
  return out;
}
