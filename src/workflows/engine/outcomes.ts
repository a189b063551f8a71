import { isAppError } from '../../platform/index.js';
import { ActionError } from '../actions/index.js';
import type { RetryPolicy } from '../definition/schema.js';

/** How a step or run failed, as stored in the journal and shown on the timeline. */
export interface StepErrorInfo {
  code: string;
  message: string;
  retryable: boolean;
  stepId?: string | undefined;
  stepKey?: string | undefined;
  retryAfterMs?: number | undefined;
  request?: { method: string; url: string } | undefined;
  response?: { status: number; body?: string | undefined } | undefined;
  cause?: string | undefined;
  fields?: { field: string; message: string }[] | undefined;
}

/** Unwinds the executor when the run must wait for a stored timer or a signal. */
export class Suspend {
  readonly kind = 'suspend';
}
/** Unwinds the executor: a stop step ended the run successfully. */
export class StopRun {
  readonly kind = 'stop';
  constructor(readonly output: unknown) {}
}
/** Unwinds the executor: the run was cancelled, its lease was lost, or it timed out. */
export class Interrupted {
  readonly kind = 'interrupted';
  constructor(readonly reason: 'cancelled' | 'lease_lost' | 'timeout') {}
}
/** A step failed for good and its onError is `stop`: the run fails. */
export class StepFailure extends Error {
  constructor(readonly info: StepErrorInfo) {
    super(info.message);
  }
}

/** Turns anything thrown by an action into the stored error; retry behaviour from the error's class. */
export function describeError(err: unknown): StepErrorInfo {
  if (err instanceof ActionError) {
    return {
      code: err.code,
      message: err.message,
      retryable: err.retryable,
      retryAfterMs: err.options.retryAfterMs,
      request: err.options.request,
      response: err.options.response,
      cause: err.cause instanceof Error ? err.cause.message : undefined,
    };
  }
  if (isAppError(err)) {
    return { code: err.code, message: err.message, retryable: err.status >= 500, fields: err.fields, cause: err.cause instanceof Error ? err.cause.message : undefined };
  }
  if (err instanceof StepFailure) return err.info;
  // Unknown failures (bugs, network errors below the action) are treated as transient.
  return { code: 'workflows.step.error', message: err instanceof Error ? err.message : String(err), retryable: true };
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 3, initialDelayMs: 1000, maxDelayMs: 5 * 60_000, multiplier: 2, nonRetryable: [] };

/**
 * Delay before the next attempt: exponential with a cap and full jitter (AWS architecture blog), or the
 * service's Retry-After when it gave one (capped at one day).
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 0), 86_400_000);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

export const shouldRetry = (policy: RetryPolicy, info: StepErrorInfo, attempt: number): boolean =>
  info.retryable && attempt < policy.maxAttempts && !policy.nonRetryable.includes(info.code);
