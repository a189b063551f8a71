import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { perDatabase, perObject } from './context-state.js';
import type { Database } from './db/index.js';

describe('perDatabase', () => {
  const opened: Kysely<Database>[] = [];
  const open = () => {
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.destroy()));
  });

  it('gives a transaction its database state, and two databases in one process separate states', async () => {
    const heard = perDatabase(() => [] as string[]);
    const a = open();
    const b = open();
    heard(a).push('on a');
    await a.transaction().execute(async (trx) => {
      heard(trx).push('in a transaction of a');
    });
    expect(heard(a)).toEqual(['on a', 'in a transaction of a']);
    expect(heard(b)).toEqual([]);
  });
});

describe('perObject', () => {
  it('makes state once per key object, separately for each key', () => {
    const made: string[] = [];
    const counter = perObject((key: { name: string }) => {
      made.push(key.name);
      return { count: 0 };
    });
    const a = { name: 'a' };
    const b = { name: 'b' };
    counter(a).count++;
    counter(a).count++;
    counter(b).count++;
    expect(counter(a).count).toBe(2);
    expect(counter(b).count).toBe(1);
    // An equal but different object is another key.
    expect(counter({ name: 'a' }).count).toBe(0);
    expect(made).toEqual(['a', 'b', 'a']);
  });
});

