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
  return perObject(create);
}

/**
 * Like {@link perContext}, keyed by any object rather than the context: for state that belongs to one part
 * of a context which other contexts may share (a metrics registry two test contexts share must get its
 * counters registered once), or to a short-lived object (a database transaction). Held weakly: the state
 * goes when its key does.
 *
 * @example
 * const counters = perObject((registry: Registry) => new Counter({ name: 'atom_x_total', help: '...', registers: [registry] }));
 * counters(ctx.metrics.registry).inc();
 */
export function perObject<K extends object, T>(create: (key: K) => T): (key: K) => T {
  const values = new WeakMap<K, T>();
  return (key) => {
    if (values.has(key)) return values.get(key) as T;
    const value = create(key);
    values.set(key, value);
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
