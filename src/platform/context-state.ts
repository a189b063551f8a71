import type { Kysely } from 'kysely';
import type { AppContext } from './context.js';
import type { Database } from './db/index.js';

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

/**
 * Like {@link perContext}, for code handed only a database handle (`ctx.db` or a transaction opened from
 * it): the state is keyed by the handle's dialect adapter, which Kysely makes once per database and shares
 * with its transactions, so an entry appended inside a transaction reaches the listeners of its database.
 *
 * @example
 * const auditListeners = perDatabase(() => new Set<AuditListener>());
 * auditListeners(trx).forEach((l) => l(entry));
 */
export function perDatabase<T>(create: () => T): (db: Kysely<Database>) => T {
  const values = new WeakMap<object, T>();
  return (db) => {
    const key = db.getExecutor().adapter;
    if (values.has(key)) return values.get(key) as T;
    const value = create();
    values.set(key, value);
    return value;
  };
}
