import type { Step } from '../definition/schema.js';
import type { JournalEntry } from '../repositories/journal-repository.js';
import { StepFailure, Suspend, Interrupted, type StepErrorInfo } from './outcomes.js';
import { BlobRef, type RunExecution, type Scope } from './run-execution.js';

/** Steps that run blocks of other steps: never replayed whole, as their children are journaled themselves. */
export type ControlStep = Extract<Step, { type: 'if' | 'switch' | 'for_each' | 'parallel' }>;

export const isControlStep = (step: Step): step is ControlStep => step.type === 'if' || step.type === 'switch' || step.type === 'for_each' || step.type === 'parallel';

/** Runs the chosen block(s) of a control step and journals the step once they finished. */
export async function runControlStep(x: RunExecution, step: ControlStep, scope: Scope, key: string, entry: JournalEntry | undefined, startedAt: string, started: number): Promise<unknown> {
  let value: unknown;
  switch (step.type) {
    case 'if': {
      const cond = await x.evalExpr(scope, step.condition);
      value = { branch: cond ? 'then' : 'else', output: await x.runSteps(cond ? step.then : step.else, scope) };
      break;
    }
    case 'switch': {
      const v = await x.evalExpr(scope, step.value);
      const idx = step.cases.findIndex((c) => JSON.stringify(c.when) === JSON.stringify(v));
      value = { branch: idx >= 0 ? idx : 'default', output: await x.runSteps(idx >= 0 ? (step.cases[idx]?.steps ?? []) : step.default, scope) };
      break;
    }
    case 'for_each':
      value = await runForEach(x, step, scope);
      break;
    case 'parallel':
      value = await runParallel(x, step, scope);
      break;
  }
  // A control step's record is written once its block finished (its children are journaled themselves).
  if (!entry) {
    const ref = await x.record(step, key, { status: 'succeeded', output: value }, startedAt, started);
    if (ref) value = new BlobRef(ref);
  }
  scope.steps[step.id] = value;
  return value;
}

async function runForEach(x: RunExecution, step: Extract<Step, { type: 'for_each' }>, scope: Scope): Promise<unknown> {
  const { deps } = x;
  const items = await x.evalExpr(scope, step.items);
  const list = items === undefined || items === null ? [] : Array.isArray(items) ? items : [items];
  // Each item journals its own steps: an unbounded list (say, from a webhook body) would flood the journal.
  if (list.length > deps.maxLoopItems) {
    const key = scope.prefix + step.id;
    const message = `Step ${step.id} got ${list.length} items to loop over; the limit is ${deps.maxLoopItems} (ATOM_WORKFLOW_FOR_EACH_MAX_ITEMS).`;
    const info: StepErrorInfo = { code: 'workflows.for_each.too_many_items', message, retryable: false, stepId: step.id, stepKey: key };
    await x.record(step, key, { status: 'failed', attempt: 1, error: info }, new Date(deps.clock.now()).toISOString(), deps.clock.now());
    throw new StepFailure(info);
  }
  const results: unknown[] = new Array(list.length);
  let next = 0;
  const outcomes: unknown[] = [];
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      const inner: Scope = {
        prefix: `${scope.prefix}${step.id}[${i}]/`,
        iteration: scope.iteration === '0' ? String(i) : `${scope.iteration}.${i}`,
        steps: { ...scope.steps },
        item: list[i],
        index: i,
      };
      try {
        const r = await x.runSteps(step.steps, inner);
        results[i] = r instanceof BlobRef ? await deps.journal.blob(r.id) : r;
      } catch (err) {
        outcomes.push(err);
        // A failure or interruption stops taking new items; suspended ones let the others go on.
        if (!(err instanceof Suspend)) next = list.length;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(step.concurrency, Math.max(list.length, 1)) }, worker));
  rethrowWorst(outcomes);
  return results;
}

async function runParallel(x: RunExecution, step: Extract<Step, { type: 'parallel' }>, scope: Scope): Promise<unknown> {
  // Branches share the step map (ids are unique), so later steps can read any branch's steps.
  const settled = await Promise.allSettled(step.branches.map((b) => x.runSteps(b, scope)));
  rethrowWorst(settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason));
  return { branches: settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) };
}

/** Of several branch outcomes, the one that decides: interruption, then failure or stop, then suspension. */
function rethrowWorst(errs: unknown[]): void {
  if (errs.length === 0) return;
  const pick = errs.find((e) => e instanceof Interrupted) ?? errs.find((e) => !(e instanceof Suspend)) ?? errs[0];
  throw pick;
}
