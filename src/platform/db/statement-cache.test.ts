import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

interface Db {
  t: { id: number; v: string };
}

const open = (max?: number) => {
  const raw = new SQLite(':memory:');
  const prepared: string[] = [];
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((text: string) => (prepared.push(text), prepare(text))) as typeof raw.prepare;
  const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: withStatementCache(raw, max) }) });
  return { raw, db, prepared };
};

describe('SQLite statement cache', () => {
  it('prepares each SQL text once and gives the same answers', async () => {
    const { db, prepared } = open();
    await sql`create table t (id integer primary key, v text not null)`.execute(db);
    for (let i = 0; i < 50; i++) await db.insertInto('t').values({ id: i, v: `v${i}` }).execute();
    const rows = await Promise.all([3, 7, 49].map((id) => db.selectFrom('t').select('v').where('id', '=', id).executeTakeFirst()));
    expect(rows.map((r) => r?.v)).toEqual(['v3', 'v7', 'v49']);
    expect(prepared.filter((s) => s.startsWith('insert'))).toHaveLength(1);
    expect(prepared.filter((s) => s.startsWith('select'))).toHaveLength(1);
    await db.destroy();
  });

  it('streams, hands out a fresh statement while the cached one is busy, and sees schema changes', async () => {
    const { db } = open();
    await sql`create table t (id integer primary key, v text not null)`.execute(db);
    await db.insertInto('t').values([{ id: 1, v: 'a' }, { id: 2, v: 'b' }]).execute();
    const rows: string[] = [];
    for await (const row of db.selectFrom('t').selectAll().orderBy('id').stream()) rows.push(row.v);
    expect(rows).toEqual(['a', 'b']);
    // Kysely holds its one SQLite connection while streaming; below it, a busy statement is never handed out twice.
    const { raw } = open();
    const cached = withStatementCache(raw);
    const iter = cached.prepare('select 1 as x union all select 2').iterate([]);
    iter.next();
    expect(cached.prepare('select 1 as x union all select 2').all([])).toEqual([{ x: 1 }, { x: 2 }]);
    iter.return?.();
    await sql`alter table t add column w text`.execute(db);
    expect(await sql<{ id: number; w: string | null }>`select * from t order by id`.execute(db).then((r) => Object.keys(r.rows[0]!))).toEqual(['id', 'v', 'w']);
    await db.destroy();
  });

  it('keeps at most `max` statements, dropping the least recently used', async () => {
    const { db, prepared } = open(2);
    await sql`create table t (id integer primary key, v text not null)`.execute(db);
    const a = () => db.selectFrom('t').select('id').execute();
    const b = () => db.selectFrom('t').select('v').execute();
    const c = () => db.selectFrom('t').selectAll().execute();
    await a();
    await b();
    await a(); // a is now the most recent; c pushes b out
    await c();
    await a();
    await b();
    const count = (s: string) => prepared.filter((p) => p === s).length;
    expect(count('select "id" from "t"')).toBe(1);
    expect(count('select "v" from "t"')).toBe(2);
    await db.destroy();
  });
});
