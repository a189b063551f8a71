import type { AppContext } from './context.js';

/**
 * State that belongs to one app context (one per process in production, one per test app), made on first
 * use. Domains keep their per-process state through this instead of module-level `let`s or Maps, so two
 * contexts in one process (tests, `atom serve` + a worker in one test) never share it.
 *
 * @example
 * const retentionRegistry = perContext(() => new Map<string, RetentionClass>());
 * retentionRegistry(ctx).set(dataClass.name, dataClass);
 */
export function perContext<T>(create: (ctx: AppContext) => T): (ctx: AppContext) => T {
  const values = new WeakMap<AppContext, T>();
  return (ctx) => {
    if (values.has(ctx)) return values.get(ctx) as T;
    const value = create(ctx);
    values.set(ctx, value);
    return value;
  };
}
