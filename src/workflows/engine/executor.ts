import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Actor } from '../../platform/access/index.js';
import type { Logger } from '../../platform/index.js';
import type { Clock } from '../../platform/jobs/index.js';
import type { ActionContext, ActionRegistry } from '../actions/index.js';
import { nonRetryable } from '../actions/index.js';
import { splitLiteralInput } from '../actions/literal-input.js';
import { evaluateExpression, referencedSteps, renderValue, templateExpressions, type ExpressionLimits } from '../definition/expressions.js';
import type { RetryPolicy, Step, WorkflowDefinition } from '../definition/schema.js';
import { definedSecretNames, redactSecrets, secretPlaceholders, secretScope, type SecretPlaceholders } from '../secrets/markers.js';
import { redactingLogger } from '../secrets/redaction.js';
import { LeaseLostError, type JournalEntry, type RunJournal } from '../store/journal.js';
import type { RunRow } from '../store/run-store.js';
import { defaultRetryPolicy, describeError, Interrupted, retryDelayMs, shouldRetry, StepFailure, StopRun, Suspend, type StepErrorInfo } from './outcomes.js';

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
  onStepRecorded?: (run: RunRow, step: { stepKey: string; stepId: string; stepType: string; status: JournalEntry['status']; attempt: number; durationMs: number | null }) => void;
  /** The SSRF-guarded fetch actions get for user-supplied URLs. */
  fetch?: ActionContext['fetch'];
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

interface Scope {
  /** Journal key prefix of the loop iteration we are in (`loop[3]/`). */
  prefix: string;
  /** Iteration path for idempotency keys: `0` outside loops, `3`, `3.1` inside. */
  iteration: string;
  steps: Record<string, unknown>;
  item?: unknown;
  index?: number;
}

/** A step output kept out of memory (large): loaded when an expression reads it. */
class BlobRef {
  constructor(readonly id: string) {}
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
export const hashToken = sha;

/**
 * Runs (or resumes) one run of a definition. Reads like the run itself: for each step, replay it from
 * the journal when it finished before, otherwise run it and journal the result before going on. Waits
 * and retries become stored timers and unwind the executor with Suspend.
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
  const { journal, clock } = deps;
  const dryRun = run.mode === 'dry';
  const trigger = JSON.parse(run.trigger_data) as unknown;
  const vars: Record<string, unknown> = { ...seed.vars };
  // `env.now` is the run's start, so replays evaluate conditions exactly as the first pass did.
  const env = { runId: run.id, workflowId: run.workflow_id, version: run.version, mode: run.mode, now: run.created_at };

  // Every secret value any step of this run resolved (here, in this process): the run's logger and the
  // loggers handed to actions redact them, so an action logging its input or an upstream error cannot leak one.
  const resolvedSecrets = new Set<string>();
  const logger = redactingLogger(deps.logger, resolvedSecrets, { runId: run.id });

  const checkInterrupt = () => {
    if (signal.aborted) throw signal.reason instanceof Interrupted ? signal.reason : new Interrupted('cancelled');
  };

  async function exprData(scope: Scope, sources: string[], placeholders?: SecretPlaceholders) {
    const steps: Record<string, unknown> = { ...scope.steps };
    for (const src of sources) {
      for (const id of referencedSteps(src)) {
        const v = steps[id];
        if (v instanceof BlobRef) steps[id] = await journal.blob(v.id);
      }
    }
    // Secrets read by these expressions render as markers. Only an action's input gets placeholders that
    // resolve (filled in inside callAction); anywhere else `secrets.NAME` is inert text.
    const secrets = placeholders ? placeholders.scope(sources) : secretScope(sources);
    return { trigger, steps, vars, env, item: scope.item, index: scope.index, ...(secrets ? { secrets } : {}) };
  }
  const evalExpr = async (scope: Scope, source: string) => evaluateExpression(source, await exprData(scope, [source]), deps.limits);
  const render = async (scope: Scope, value: unknown, placeholders?: SecretPlaceholders) => {
    const sources: string[] = [];
    collectSources(value, sources);
    return renderValue(value, await exprData(scope, sources, placeholders), deps.limits);
  };

  const record = async (step: Step, key: string, e: Partial<JournalEntry> & { status: JournalEntry['status']; output?: unknown }, startedAt: string, started: number) => {
    const finished = e.status === 'succeeded' || e.status === 'failed';
    const ref = await journal.record(run.id, run.workspace_id, {
      stepKey: key,
      stepId: step.id,
      stepType: step.type,
      attempt: e.attempt ?? 1,
      nextAt: e.nextAt ?? null,
      startedAt,
      finishedAt: finished ? new Date(clock.now()).toISOString() : null,
      durationMs: finished ? clock.now() - started : null,
      ...e,
    }, deps.owner ? { owner: deps.owner } : undefined).catch((err: unknown) => {
      if (err instanceof LeaseLostError) throw new Interrupted('lease_lost');
      throw err;
    });
    deps.onStepRecorded?.(run, { stepKey: key, stepId: step.id, stepType: step.type, status: e.status, attempt: e.attempt ?? 1, durationMs: finished ? clock.now() - started : null });
    return ref;
  };

  /** The value later steps see for a finished entry: large outputs stay in the blob table. */
  const replayValue = (e: JournalEntry): unknown => (e.outputRef ? new BlobRef(e.outputRef) : e.inlineOutput);

  async function runSteps(steps: Step[], scope: Scope): Promise<unknown> {
    let last: unknown = null;
    for (const step of steps) last = await runStep(step, scope);
    return last;
  }

  async function runStep(step: Step, scope: Scope): Promise<unknown> {
    checkInterrupt();
    const key = scope.prefix + step.id;
    const entry = journalEntries.get(key);
    const startedAt = new Date(clock.now()).toISOString();
    const started = clock.now();
    const isControl = step.type === 'if' || step.type === 'switch' || step.type === 'for_each' || step.type === 'parallel';

    // Replay: a finished step is not run again; its journaled output is what later steps see.
    if (entry && !isControl && (entry.status === 'succeeded' || (entry.status === 'failed' && step.onError !== 'stop'))) {
      const value = entry.status === 'succeeded' ? replayValue(entry) : { error: entry.error };
      if (step.type === 'set' && entry.status === 'succeeded') Object.assign(vars, entry.inlineOutput as Record<string, unknown>);
      scope.steps[step.id] = value;
      if (entry.status === 'failed' && step.onError === 'branch') await runSteps(step.errorSteps ?? [], scope);
      return value;
    }

    let value: unknown;
    switch (step.type) {
      case 'if': {
        const cond = await evalExpr(scope, step.condition);
        value = { branch: cond ? 'then' : 'else', output: await runSteps(cond ? step.then : step.else, scope) };
        break;
      }
      case 'switch': {
        const v = await evalExpr(scope, step.value);
        const idx = step.cases.findIndex((c) => JSON.stringify(c.when) === JSON.stringify(v));
        value = { branch: idx >= 0 ? idx : 'default', output: await runSteps(idx >= 0 ? (step.cases[idx]?.steps ?? []) : step.default, scope) };
        break;
      }
      case 'for_each':
        value = await runForEach(step, scope);
        break;
      case 'parallel':
        value = await runParallel(step, scope);
        break;
      default:
        return runLeaf(step, scope, key, entry, startedAt, started);
    }
    // A control step's record is written once its block finished (its children are journaled themselves).
    if (!entry) {
      const ref = await record(step, key, { status: 'succeeded', output: value }, startedAt, started);
      if (ref) value = new BlobRef(ref);
    }
    scope.steps[step.id] = value;
    return value;
  }

  async function runForEach(step: Extract<Step, { type: 'for_each' }>, scope: Scope): Promise<unknown> {
    const items = await evalExpr(scope, step.items);
    const list = items === undefined || items === null ? [] : Array.isArray(items) ? items : [items];
    // Each item journals its own steps: an unbounded list (say, from a webhook body) would flood the journal.
    if (list.length > deps.maxLoopItems) {
      const key = scope.prefix + step.id;
      const message = `Step ${step.id} got ${list.length} items to loop over; the limit is ${deps.maxLoopItems} (ATOM_WORKFLOW_FOR_EACH_MAX_ITEMS).`;
      const info: StepErrorInfo = { code: 'workflows.for_each.too_many_items', message, retryable: false, stepId: step.id, stepKey: key };
      await record(step, key, { status: 'failed', attempt: 1, error: info }, new Date(clock.now()).toISOString(), clock.now());
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
          const r = await runSteps(step.steps, inner);
          results[i] = r instanceof BlobRef ? await journal.blob(r.id) : r;
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

  async function runParallel(step: Extract<Step, { type: 'parallel' }>, scope: Scope): Promise<unknown> {
    // Branches share the step map (ids are unique), so later steps can read any branch's steps.
    const settled = await Promise.allSettled(step.branches.map((b) => runSteps(b, scope)));
    rethrowWorst(settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason));
    return { branches: settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) };
  }

  async function runLeaf(step: Step, scope: Scope, key: string, entry: JournalEntry | undefined, startedAt: string, started: number): Promise<unknown> {
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
      const value = redactSecrets(await runLeafOnce(step, scope, key, entry, attempt, logs, (i) => (input = i), used), used);
      logs = redactSecrets(logs, used);
      const ref = await record(step, key, { status: 'succeeded', attempt, input, output: value, logs }, entry?.startedAt ?? startedAt, entry ? Date.parse(entry.startedAt) : started);
      const seen = ref ? new BlobRef(ref) : value;
      scope.steps[step.id] = seen;
      return seen;
    } catch (err) {
      if (err instanceof Suspend || err instanceof StopRun || err instanceof Interrupted) throw err;
      if (signal.aborted) checkInterrupt();
      const info = redactSecrets({ ...describeError(err), stepId: step.id, stepKey: key }, used);
      logs = redactSecrets(logs, used);
      const policy: RetryPolicy = step.retry ?? def.settings.retry ?? defaultRetryPolicy;
      if (shouldRetry(policy, info, attempt)) {
        const nextAt = clock.now() + retryDelayMs(policy, attempt, info.retryAfterMs);
        await record(step, key, { status: 'retrying', attempt, input, error: info, nextAt, logs }, entry?.startedAt ?? startedAt, started);
        await deps.wakeAt(run.id, `${key}:${attempt}`, nextAt);
        throw new Suspend();
      }
      await record(step, key, { status: 'failed', attempt, input, error: info, logs }, entry?.startedAt ?? startedAt, entry ? Date.parse(entry.startedAt) : started);
      if (step.onError === 'stop') throw new StepFailure(info);
      const value = { error: info };
      scope.steps[step.id] = value;
      if (step.onError === 'branch') await runSteps(step.errorSteps ?? [], scope);
      return value;
    }
  }

  async function runLeafOnce(step: Step, scope: Scope, key: string, entry: JournalEntry | undefined, attempt: number, logs: unknown[], setInput: (i: unknown) => void, used: Set<string>): Promise<unknown> {
    switch (step.type) {
      case 'action':
      case 'http':
      case 'ai':
      case 'memory_search': {
        const raw =
          step.type === 'ai' ? { prompt: step.prompt, output: step.output, ...(step.schema ? { schema: step.schema } : {}) }
          : step.type === 'memory_search' ? { query: step.query, limit: step.limit }
          : step.input;
        const actionId = step.type === 'action' ? step.action : step.type === 'http' ? 'core.http_request' : step.type === 'ai' ? 'ai.generate' : 'memory.search';
        // Fields the action takes as written (a code step's code) are not rendered: run data never becomes code.
        const { literal, rest } = splitLiteralInput(deps.actions.get(actionId), raw);
        const placeholders = secretPlaceholders();
        const rendered = { ...((await render(scope, rest, placeholders)) as Record<string, unknown>), ...literal };
        setInput(await placeholders.shown(rendered));
        return callAction(step, actionId, rendered, placeholders, definedSecretNames(rest), scope, attempt, logs, used);
      }
      case 'transform':
        return evalExpr(scope, step.expression);
      case 'set': {
        const values = (await render(scope, step.values)) as Record<string, unknown>;
        Object.assign(vars, values);
        return values;
      }
      case 'delay': {
        if (dryRun) return { delayed: false, preview: true };
        if (entry?.status === 'waiting') return { waitedUntil: new Date(entry.nextAt ?? clock.now()).toISOString() };
        const until = step.until ? Date.parse(String(await render(scope, step.until))) : clock.now() + (step.ms ?? 0);
        if (Number.isNaN(until)) throw nonRetryable('workflows.delay.bad_until', 'The until expression did not give a date.');
        if (until <= clock.now()) return { waitedUntil: new Date(until).toISOString() };
        await record(step, key, { status: 'waiting', attempt, nextAt: until }, new Date(clock.now()).toISOString(), clock.now());
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
          const message = await render(scope, step.message);
          const input = { message, approvalUrl: `/api/runs/${run.id}/approval`, stepKey: key, ...(step.approvers ? { approvers: step.approvers } : {}) };
          await record(step, key, { status: 'waiting', attempt, nextAt, waitTokenHash: null, input }, new Date(clock.now()).toISOString(), clock.now());
        } else {
          const token = randomBytes(24).toString('base64url');
          await record(step, key, { status: 'waiting', attempt, nextAt, waitTokenHash: sha(token), input: { resumeUrl: deps.waitUrl(token) } }, new Date(clock.now()).toISOString(), clock.now());
        }
        if (nextAt) await deps.wakeAt(run.id, `${key}:timeout`, nextAt);
        throw new Suspend();
      }
      case 'sub_workflow': {
        const input = await render(scope, step.input);
        setInput(input);
        if (dryRun) return { preview: true, workflowId: step.workflowId, input };
        if (entry?.status === 'waiting') throw new Suspend();
        const childRunId = `run_${sha(`${run.id}:${key}:${run.attempt_group}`).slice(0, 32)}`;
        await deps.startChild(run, key, childRunId, step.workflowId, input);
        if (!step.wait) return { runId: childRunId };
        await record(step, key, { status: 'waiting', attempt, input: { childRunId } }, new Date(clock.now()).toISOString(), clock.now());
        throw new Suspend();
      }
      case 'stop': {
        const output = step.output === undefined ? null : await render(scope, step.output);
        await record(step, key, { status: 'succeeded', attempt, output }, new Date(clock.now()).toISOString(), clock.now());
        throw new StopRun(output);
      }
      case 'fail':
        throw nonRetryable('workflows.step.fail', String(await render(scope, step.message)));
      default:
        throw new Error(`unexpected step type ${step.type}`);
    }
  }

  async function callAction(
    step: Step,
    actionId: string,
    rendered: unknown,
    placeholders: SecretPlaceholders,
    /** Names the step's definition itself names: the only ones the action may resolve. */
    granted: ReadonlySet<string>,
    scope: Scope,
    attempt: number,
    logs: unknown[],
    used: Set<string>,
  ): Promise<unknown> {
    const action = deps.actions.get(actionId);
    if (!action) throw nonRetryable('workflows.action.unknown', `No action ${actionId} is installed.`);
    const secret = async (name: string) => {
      const v = await deps.secret(run.workspace_id, name);
      if (v !== undefined) {
        used.add(v);
        resolvedSecrets.add(v);
      }
      return v;
    };
    // A name computed from run data (`bearerSecret: "{{ trigger.x }}"`) is refused before the store is
    // asked, with one message, so the outcome does not tell whether such a secret exists.
    const grantedSecret = async (name: string) => {
      if (!granted.has(name)) throw nonRetryable('workflows.secret.not_in_definition', 'A step may use only secrets its definition names; this name came from run data.');
      return secret(name);
    };
    const filled = await placeholders.fill(rendered, secret);
    const parsed = (action.input as z.ZodType).safeParse(filled);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw nonRetryable('workflows.step.invalid_input', `Input field ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
    }
    const controller = new AbortController();
    const stepSignal = AbortSignal.any([signal, controller.signal]);
    const actor = await deps.actorFor?.(run);
    const ctx: ActionContext = {
      workspaceId: run.workspace_id,
      ...(actor ? { actor } : {}),
      runId: run.id,
      stepId: step.id,
      idempotencyKey: `${run.id}:${step.id}:${scope.iteration}:${run.attempt_group}`,
      attempt,
      signal: stepSignal,
      logger: logger.child({ stepId: step.id, action: actionId }),
      dryRun,
      secret: grantedSecret,
      log: (message, data) => logs.push({ at: new Date(clock.now()).toISOString(), message, ...(data ? { data } : {}) }),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    };
    const call = dryRun && action.sideEffect ? (action.preview ? action.preview(ctx, parsed.data) : Promise.resolve({ preview: true, action: actionId })) : action.run(ctx, parsed.data);
    if (!step.timeoutMs) return call;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        call,
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            controller.abort();
            reject(new StepFailure({ code: 'workflows.step.timeout', message: `The step took longer than ${step.timeoutMs} ms.`, retryable: true }));
          }, step.timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  try {
    const last = await runSteps(def.steps, { prefix: '', iteration: '0', steps: { ...seed.steps } });
    const output = def.output ? await evaluateExpression(def.output, await exprData({ prefix: '', iteration: '0', steps: await finishedOutputs() }, [def.output]), deps.limits) : last instanceof BlobRef ? await journal.blob(last.id) : last;
    return { status: 'succeeded', output };
  } catch (err) {
    if (err instanceof Suspend) return { status: 'suspended' };
    if (err instanceof StopRun) return { status: 'succeeded', output: err.output };
    if (err instanceof Interrupted) return { status: 'interrupted', reason: err.reason };
    if (err instanceof StepFailure) return { status: 'failed', error: err.info };
    logger.error({ err }, 'workflow run failed unexpectedly');
    return { status: 'failed', error: redactSecrets(describeError(err), resolvedSecrets) };
  }

  async function finishedOutputs(): Promise<Record<string, unknown>> {
    const map = await journal.load(run.id);
    const out: Record<string, unknown> = {};
    for (const e of map.values()) if (!e.stepKey.includes('/') && e.status === 'succeeded') out[e.stepId] = replayValue(e);
    return out;
  }
}

function collectSources(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(...templateExpressions(value));
  else if (Array.isArray(value)) for (const v of value) collectSources(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectSources(v, out);
}

/** Of several branch outcomes, the one that decides: interruption, then failure or stop, then suspension. */
function rethrowWorst(errs: unknown[]): void {
  if (errs.length === 0) return;
  const pick = errs.find((e) => e instanceof Interrupted) ?? errs.find((e) => !(e instanceof Suspend)) ?? errs[0];
  throw pick;
}
