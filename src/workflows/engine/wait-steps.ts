import { randomBytes } from 'node:crypto';
import { nonRetryable } from '../actions/index.js';
import type { Step } from '../definition/schema.js';
import type { JournalEntry } from '../repositories/journal-repository.js';
import { hashToken } from '../tokens.js';
import { Suspend } from './outcomes.js';
import type { RunExecution, Scope } from './run-execution.js';

/** Steps that may suspend the run until a timer, a signal, an approval or a child run resumes it. */
export type WaitStep = Extract<Step, { type: 'delay' | 'wait_for_webhook' | 'wait_for_approval' | 'sub_workflow' }>;

/**
 * First pass: journal the step as waiting (with its timer, token or child run) and suspend. When the
 * run is resumed before the answer came (another timer), keep waiting; a resumed delay is done.
 */
export async function runWaitStep(x: RunExecution, step: WaitStep, scope: Scope, key: string, entry: JournalEntry | undefined, attempt: number, setInput: (i: unknown) => void): Promise<unknown> {
  const { run, deps, dryRun } = x;
  const { clock } = deps;
  switch (step.type) {
    case 'delay': {
      if (dryRun) return { delayed: false, preview: true };
      if (entry?.status === 'waiting') return { waitedUntil: new Date(entry.nextAt ?? clock.now()).toISOString() };
      const until = step.until ? Date.parse(String(await x.render(scope, step.until))) : clock.now() + (step.ms ?? 0);
      if (Number.isNaN(until)) throw nonRetryable('workflows.delay.bad_until', 'The until expression did not give a date.');
      if (until <= clock.now()) return { waitedUntil: new Date(until).toISOString() };
      await x.record(step, key, { status: 'waiting', attempt, nextAt: until }, new Date(clock.now()).toISOString(), clock.now());
      await deps.wakeAt(run.id, `${key}:1`, until);
      throw new Suspend();
    }
    case 'wait_for_webhook':
    case 'wait_for_approval': {
      if (dryRun) return step.type === 'wait_for_approval' ? { approved: true, preview: true } : { body: null, preview: true };
      if (entry?.status === 'waiting') {
        if (entry.nextAt !== null && entry.nextAt <= clock.now()) throw nonRetryable('workflows.wait.timeout', 'Nobody answered before the wait timed out.');
        throw new Suspend();
      }
      const nextAt = step.timeoutMs ? clock.now() + step.timeoutMs : null;
      if (step.type === 'wait_for_approval') {
        // No resume token: whoever reads the run must not hold the decision. A signed-in member decides
        // through the run's approval route (engine.decide), as the policy allows.
        const message = await x.render(scope, step.message);
        const input = { message, approvalUrl: `/api/runs/${run.id}/approval`, stepKey: key, ...(step.approvers ? { approvers: step.approvers } : {}) };
        await x.record(step, key, { status: 'waiting', attempt, nextAt, waitTokenHash: null, input }, new Date(clock.now()).toISOString(), clock.now());
      } else {
        const token = randomBytes(24).toString('base64url');
        await x.record(step, key, { status: 'waiting', attempt, nextAt, waitTokenHash: hashToken(token), input: { resumeUrl: deps.waitUrl(token) } }, new Date(clock.now()).toISOString(), clock.now());
      }
      if (nextAt) await deps.wakeAt(run.id, `${key}:timeout`, nextAt);
      throw new Suspend();
    }
    case 'sub_workflow': {
      const input = await x.render(scope, step.input);
      setInput(input);
      if (dryRun) return { preview: true, workflowId: step.workflowId, input };
      if (entry?.status === 'waiting') throw new Suspend();
      const childRunId = `run_${hashToken(`${run.id}:${key}:${run.attempt_group}`).slice(0, 32)}`;
      await deps.startChild(run, key, childRunId, step.workflowId, input);
      if (!step.wait) return { runId: childRunId };
      await x.record(step, key, { status: 'waiting', attempt, input: { childRunId } }, new Date(clock.now()).toISOString(), clock.now());
      throw new Suspend();
    }
  }
}
