import type { z } from 'zod';
import type { Actor } from '../../platform/access/index.js';
import type { Logger } from '../../platform/index.js';
import type { CodeSteps } from '../code/types.js';

/**
 * What every action says of itself, whatever runs it: a workflow step's built-in action (ActionDefinition) and
 * an integration's action (src/integrations/pieces.ts IntegrationAction) are both this plus their `run`.
 */
export interface ActionMeta<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** Stable machine name, `<service>.<verb_noun>`. */
  id: string;
  title: string;
  /** One line for people. */
  description: string;
  /** For the AI: when to use it, and what to use instead when it does not fit. */
  aiDescription?: string;
  input: I;
  output: O;
  /** True when calling it twice with the same input has no extra effect (reads, upserts by key). */
  idempotent: boolean;
  /** True when it changes something outside Atom (sends, writes); dry runs call `preview` instead. */
  sideEffect: boolean;
  /**
   * True when it only computes inside the run (no network, database or file): its journal row may wait for
   * the run's next write (run-execution.ts, `staysInRun`).
   */
  local?: boolean;
  /**
   * Top-level input fields taken exactly as the definition writes them: never rendered as templates, so
   * `{{ }}` in them is text and run data can never be spliced in (a code step's `code`, a query's SQL).
   */
  literalInput?: readonly string[];
}

/**
 * One action a workflow step can call: a plain declarative object (Activepieces-style). Integrations'
 * actions (`gmail.send_email`, `slack.post_message`, ...) are adapted to it and sit in the same registry as
 * the built-ins.
 */
export interface ActionDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> extends ActionMeta<I, O> {
  /** Ids it was stored under before (an action folded into this one): steps naming them still run it. */
  aliases?: readonly string[];
  /**
   * Checked before a workflow is activated, after the input matched the schema: a problem with the input
   * as written that the schema cannot see (a code step's syntax error), as a field of the input and a message.
   */
  checkInput?(input: Record<string, unknown>): Promise<{ field: string; message: string } | undefined>;
  /** Connection (integration account) the action needs, when any. */
  connection?: string;
  /**
   * Checked before a workflow is activated: why this step cannot use its connection (none, revoked,
   * expired, unhealthy, or not one `actor` may use), or undefined when it can. `input` is the step's input
   * as written (no expressions in `connectionId`); `actor` is whom the version's runs act for (its author).
   */
  checkConnection?(workspaceId: string, input: Record<string, unknown>, actor: Actor | undefined): Promise<string | undefined>;
  run(ctx: ActionContext, input: z.output<I>): Promise<z.input<O>>;
  /** What the action would do, for dry runs (side-effecting actions must not act). */
  preview?(ctx: ActionContext, input: z.output<I>): Promise<z.input<O>>;
}

export interface ActionContext {
  workspaceId: string;
  /**
   * On whose behalf the call runs, as the access policy sees them now: the running version's author (the
   * engine), the person chatting (chat tools). Connections are used only as this actor may. Absent: Atom
   * itself (a digest), which may use workspace-shared connections only.
   */
  actor?: Actor | undefined;
  runId: string;
  stepId: string;
  /** `runId:stepId:iteration:attemptGroup`: the same for automatic retries of one call, so services dedupe. */
  idempotencyKey: string;
  attempt: number;
  /** Aborted on cancel, step timeout or run timeout. */
  signal: AbortSignal;
  /** In the engine, a child that redacts the run's resolved secrets (and their encodings) from every line. */
  logger: Logger;
  dryRun: boolean;
  /** Resolves a secret by name inside the action only; values never reach logs or the journal. */
  secret(name: string): Promise<string | undefined>;
  /** Lines the step wants on its timeline. */
  log(message: string, data?: Record<string, unknown>): void;
  /**
   * fetch for user-supplied URLs, refusing internal addresses unless ATOM_SSRF_ALLOW lists them (the engine
   * and chat give it). Absent elsewhere; actions then fall back to the same guard with an empty allow-list.
   */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * Runs a code step's code in the sandbox of the caller's app context (its limits, its worker threads:
   * codeSteps(ctx).run). The engine, the step tester and chat give it; `core.code` fails without it.
   */
  runCode?: CodeSteps['run'];
}

/** Retry behaviour comes from the error's class, never from its message. */
export class ActionError extends Error {
  override readonly name: string = 'ActionError';
  constructor(
    readonly code: string,
    message: string,
    readonly options: {
      retryable: boolean;
      retryAfterMs?: number;
      /** Summary of the failing call for the run timeline (no secrets, no bodies beyond a short excerpt). */
      request?: { method: string; url: string };
      response?: { status: number; body?: string };
      cause?: unknown;
    },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
  get retryable() {
    return this.options.retryable;
  }
}

/** A failure that will not go away by retrying (bad input, 4xx, permission). */
export const nonRetryable = (code: string, message: string, extra: Omit<ActionError['options'], 'retryable'> = {}) =>
  new ActionError(code, message, { ...extra, retryable: false });

/** A transient failure (timeout, 5xx, 429); `retryAfterMs` when the service said when to come back. */
export const retryable = (code: string, message: string, extra: Omit<ActionError['options'], 'retryable'> = {}) =>
  new ActionError(code, message, { ...extra, retryable: true });

export type AnyActionDefinition = ActionDefinition<z.ZodType, z.ZodType>;

/** Identity helper that keeps an action's input/output types (use it to declare actions). */
export const defineAction = <I extends z.ZodType, O extends z.ZodType>(a: ActionDefinition<I, O>): ActionDefinition<I, O> => a;
