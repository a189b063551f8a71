import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type GroupCommit = <T>(op: (db: Kysely<Database>) => Promise<T>) => Promise<T>;

/**
 * Group commit: writes issued by concurrent callers within one event-loop turn share one transaction.
 * Each caller resumes only once its own write is committed, so durability rules ("journaled before the
 * next step starts") hold, but the database pays one commit per batch instead of one per write — the
 * main cost of small writes on SQLite and PostgreSQL alike. A failing write is retried alone so it
 * cannot fail its neighbours.
 */
export function createGroupCommit(db: Kysely<Database>, maxBatch = 256): GroupCommit {
  type Pending = { op: (db: Kysely<Database>) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  const pending: Pending[] = [];
  let scheduled = false;
  const flush = async () => {
    scheduled = false;
    const batch = pending.splice(0, maxBatch);
    if (pending.length > 0) schedule();
    if (batch.length === 1) {
      const one = batch[0]!;
      await one.op(db).then(one.resolve, one.reject);
      return;
    }
    let results: unknown[];
    try {
      results = await db.transaction().execute(async (trx) => {
        const out: unknown[] = [];
        for (const p of batch) out.push(await p.op(trx));
        return out;
      });
    } catch {
      for (const p of batch) await p.op(db).then(p.resolve, p.reject);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]));
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  };
  return <T>(op: (db: Kysely<Database>) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      pending.push({ op, resolve: resolve as (v: unknown) => void, reject });
      schedule();
    });
}
