import type { z } from 'zod';
import type { ActionContext } from '../actions/index.js';
import { nonRetryable } from '../actions/index.js';
import { splitLiteralInput } from '../actions/literal-input.js';
import type { Step } from '../definition/schema.js';
import { definedSecretNames, secretPlaceholders, type SecretPlaceholders } from '../secrets/markers.js';
import { StepFailure } from './outcomes.js';
import type { RunExecution, Scope } from './run-execution.js';

/** Steps that call an installed action (an HTTP, AI or memory-search step is a built-in action). */
export type ActionStep = Extract<Step, { type: 'action' | 'http' | 'ai' | 'memory_search' }>;

/**
 * Renders the step's input and calls its action once. The leaf step around it journals the result
 * (`input` as shown, secrets masked; `used` collects the secret values to redact from output and logs).
 */
export async function runActionStep(x: RunExecution, step: ActionStep, scope: Scope, attempt: number, logs: unknown[], setInput: (i: unknown) => void, used: Set<string>): Promise<unknown> {
  const raw =
    step.type === 'ai' ? { prompt: step.prompt, output: step.output, ...(step.schema ? { schema: step.schema } : {}) }
    : step.type === 'memory_search' ? { query: step.query, limit: step.limit }
    : step.input;
  const actionId = step.type === 'action' ? step.action : step.type === 'http' ? 'core.http_request' : step.type === 'ai' ? 'ai.generate' : 'memory.search';
  // Fields the action takes as written (a code step's code) are not rendered: run data never becomes code.
  const { literal, rest } = splitLiteralInput(x.deps.actions.get(actionId), raw);
  const placeholders = secretPlaceholders();
  const rendered = { ...((await x.render(scope, rest, placeholders)) as Record<string, unknown>), ...literal };
  setInput(await placeholders.shown(rendered));
  return callAction(x, step, actionId, rendered, placeholders, definedSecretNames(rest), scope, attempt, logs, used);
}

async function callAction(
  x: RunExecution,
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
  const { run, deps, dryRun } = x;
  const action = deps.actions.get(actionId);
  if (!action) throw nonRetryable('workflows.action.unknown', `No action ${actionId} is installed.`);
  const secret = async (name: string) => {
    const v = await deps.secret(run.workspace_id, name);
    if (v !== undefined) {
      used.add(v);
      x.resolvedSecrets.add(v);
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
  const stepSignal = AbortSignal.any([x.signal, controller.signal]);
  const actor = await deps.actorFor?.(run);
  const ctx: ActionContext = {
    workspaceId: run.workspace_id,
    ...(actor ? { actor } : {}),
    runId: run.id,
    stepId: step.id,
    idempotencyKey: `${run.id}:${step.id}:${scope.iteration}:${run.attempt_group}`,
    attempt,
    signal: stepSignal,
    logger: x.logger.child({ stepId: step.id, action: actionId }),
    dryRun,
    secret: grantedSecret,
    log: (message, data) => logs.push({ at: new Date(deps.clock.now()).toISOString(), message, ...(data ? { data } : {}) }),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.runCode ? { runCode: deps.runCode } : {}),
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
