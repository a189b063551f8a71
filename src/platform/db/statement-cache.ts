import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite driver prepares every query anew; on the webhook → run path preparing cost more CPU
 * than running the statements (16 % of the server's time, docs/benchmarks.md). This hands Kysely a
 * database whose `prepare` returns the statement already prepared for the same SQL text, least recently
 * used dropped past `max`. SQLite re-prepares a cached statement by itself when the schema changes. A
 * statement still being iterated (a streamed select) is busy: the caller then gets a fresh one.
 */
export function withStatementCache(database: SQLite.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        // Most recently used last: a Map keeps insertion order.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = database.prepare(sql);
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}
