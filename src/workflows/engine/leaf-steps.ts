import { nonRetryable } from '../actions/index.js';
import type { RetryPolicy, Step } from '../definition/schema.js';
import { redactSecrets } from '../secrets/markers.js';
import type { JournalEntry } from '../repositories/journal-repository.js';
import { runActionStep } from './action-call.js';
import { defaultRetryPolicy, describeError, Interrupted, retryDelayMs, shouldRetry, StepFailure, StopRun, Suspend } from './outcomes.js';
import { BlobRef, staysInRun, type RunExecution, type Scope } from './run-execution.js';
import { runWaitStep } from './wait-steps.js';

/**
 * Runs one step that does its own work (not a block) and journals how it went: succeeded, retrying
 * (a stored timer, then Suspend), or failed (stop the run, continue, or run the error branch).
 */
export async function runLeafStep(x: RunExecution, step: Step, scope: Scope, key: string, entry: JournalEntry | undefined, startedAt: string, started: number): Promise<unknown> {
  const { run, deps, def } = x;
  const { clock } = deps;
  const attempt = entry?.status === 'retrying' ? entry.attempt + 1 : (entry?.attempt ?? 1);
  const now = clock.now();
  // A retry or wait that is not due yet (another timer woke the run): keep waiting.
  if (entry && (entry.status === 'retrying' || entry.status === 'waiting') && entry.nextAt !== null && entry.nextAt > now && step.type !== 'wait_for_webhook' && step.type !== 'wait_for_approval') {
    await deps.wakeAt(run.id, `${key}:${entry.attempt}`, entry.nextAt);
    throw new Suspend();
  }
  let logs: unknown[] = [];
  let input: unknown;
  // Secret values this call resolved: redacted from its output, error and logs before they are journaled.
  const used = new Set<string>();
  try {
    // Before anything leaves the run, what it was computed from is journaled (a takeover replays those values).
    if (!staysInRun(step, deps.actions)) await x.flush();
    const value = redactSecrets(await runLeafOnce(x, step, scope, key, entry, attempt, logs, (i) => (input = i), used), used);
    logs = redactSecrets(logs, used);
    const ref = await x.record(step, key, { status: 'succeeded', attempt, input, output: value, logs }, entry?.startedAt ?? startedAt, entry ? Date.parse(entry.startedAt) : started);
    const seen = ref ? new BlobRef(ref) : value;
    scope.steps[step.id] = seen;
    return seen;
  } catch (err) {
    if (err instanceof Suspend || err instanceof StopRun || err instanceof Interrupted) throw err;
    if (x.signal.aborted) x.checkInterrupt();
    const info = redactSecrets({ ...describeError(err), stepId: step.id, stepKey: key }, used);
    logs = redactSecrets(logs, used);
    const policy: RetryPolicy = step.retry ?? def.settings.retry ?? defaultRetryPolicy;
    if (shouldRetry(policy, info, attempt)) {
      const nextAt = clock.now() + retryDelayMs(policy, attempt, info.retryAfterMs);
      await x.record(step, key, { status: 'retrying', attempt, input, error: info, nextAt, logs }, entry?.startedAt ?? startedAt, started);
      await deps.wakeAt(run.id, `${key}:${attempt}`, nextAt);
      throw new Suspend();
    }
    await x.record(step, key, { status: 'failed', attempt, input, error: info, logs }, entry?.startedAt ?? startedAt, entry ? Date.parse(entry.startedAt) : started);
    if (step.onError === 'stop') throw new StepFailure(info);
    const value = { error: info };
    scope.steps[step.id] = value;
    if (step.onError === 'branch') await x.runSteps(step.errorSteps ?? [], scope);
    return value;
  }
}

/** One attempt of a leaf step: its output, or a throw (failure, Suspend, StopRun). */
async function runLeafOnce(x: RunExecution, step: Step, scope: Scope, key: string, entry: JournalEntry | undefined, attempt: number, logs: unknown[], setInput: (i: unknown) => void, used: Set<string>): Promise<unknown> {
  switch (step.type) {
    case 'action':
    case 'http':
    case 'ai':
    case 'memory_search':
      return runActionStep(x, step, scope, attempt, logs, setInput, used);
    case 'transform':
      return x.evalExpr(scope, step.expression);
    case 'set': {
      const values = (await x.render(scope, step.values)) as Record<string, unknown>;
      Object.assign(x.vars, values);
      return values;
    }
    case 'delay':
    case 'wait_for_webhook':
    case 'wait_for_approval':
    case 'sub_workflow':
      return runWaitStep(x, step, scope, key, entry, attempt, setInput);
    case 'stop': {
      const output = step.output === undefined ? null : await x.render(scope, step.output);
      await x.record(step, key, { status: 'succeeded', attempt, output }, new Date(x.deps.clock.now()).toISOString(), x.deps.clock.now());
      throw new StopRun(output);
    }
    case 'fail':
      throw nonRetryable('workflows.step.fail', String(await x.render(scope, step.message)));
    default:
      throw new Error(`unexpected step type ${step.type}`);
  }
}
