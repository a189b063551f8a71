import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What one API request carries through everything it starts, without threading it through every call:
 * - its turn at the database pool (`priority`, see src/platform/db/pool-priority.ts);
 * - reads it may repeat without asking the database again (`inRequest`): a chat turn asked for the same
 *   AI settings eight times and the same model keys four times, 10 of its 26 queries.
 *
 * A memo lives only as long as the request, so nothing read here is ever served to another request, another
 * principal, or after a change made elsewhere has landed: a demotion or a removed key still takes effect on
 * the next request (../shared/guides/trust.md §2).
 */
export interface RequestScope {
  readonly priority: number;
  readonly memo: Map<string, Promise<unknown>>;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function createRequestScope(priority: number): RequestScope {
  return { priority, memo: new Map() };
}

/** Runs `fn` and everything it starts inside `scope`. */
export function withinRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * `load()` once per request for this key: later calls in the same request get the same promise. Outside a
 * request (jobs, schedulers) it always loads. A rejected load is forgotten, so the next call tries again.
 * Callers must not mutate what they get: every caller in the request shares it.
 */
export function inRequest<T>(key: string, load: () => Promise<T>): Promise<T> {
  const scope = storage.getStore();
  if (!scope) return load();
  const hit = scope.memo.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const value = load();
  scope.memo.set(key, value);
  value.catch(() => {
    if (scope.memo.get(key) === value) scope.memo.delete(key);
  });
  return value;
}

/** Keeps `value` for `key` in this request, unless the request already holds one (a read that brought a second key's answer along). */
export function primeInRequest<T>(key: string, value: T): void {
  const scope = storage.getStore();
  if (scope && !scope.memo.has(key)) scope.memo.set(key, Promise.resolve(value));
}

/** A write in this request changed what keys starting with `prefix` read: read them again next time. */
export function forgetInRequest(prefix: string): void {
  const scope = storage.getStore();
  if (!scope) return;
  for (const key of scope.memo.keys()) if (key.startsWith(prefix)) scope.memo.delete(key);
}
