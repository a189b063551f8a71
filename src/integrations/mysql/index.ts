import net from 'node:net';
import mysql from 'mysql2/promise';
import { z } from 'zod';
import type { TriggerCursor } from '../pieces.js';
import { defineService, hostField, portField, type Fault, type ServiceCallContext } from '../kit/index.js';
import { insertInput, jsonRow, newRowConfig, newRowEvent, queryInput, queryOutput, toParam, updateInput } from '../kit/sql.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

const settings = z.object({
  host: hostField,
  port: portField(3306),
  database: z.string().trim().min(1).max(64),
  user: z.string().trim().min(1).max(80),
  password: z.string().max(1024).default(''),
  tls: z.enum(['off', 'require', 'verify']).default('off'),
});
type Settings = z.output<typeof settings>;

/** MySQL/MariaDB server errors (dev.mysql.com/doc/mysql-errors, "Server Error Message Reference") in Atom's codes. */
function fault(err: unknown): Fault | undefined {
  if (!(err instanceof Error) || !('errno' in err) || typeof err.errno !== 'number' || !('code' in err)) return undefined;
  const message = `${err.message} (${String(err.code)})`;
  switch (err.code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return { code: 'integrations.http.unauthorized', message };
    case 'ER_TABLEACCESS_DENIED_ERROR':
    case 'ER_COLUMNACCESS_DENIED_ERROR':
    case 'ER_SPECIFIC_ACCESS_DENIED_ERROR':
      return { code: 'integrations.http.forbidden', message };
    case 'ER_BAD_DB_ERROR':
    case 'ER_NO_SUCH_TABLE':
    case 'ER_BAD_FIELD_ERROR':
      return { code: 'integrations.http.not_found', message };
    case 'ER_DUP_ENTRY':
      return { code: 'integrations.http.conflict', message };
    case 'ER_LOCK_DEADLOCK':
    case 'ER_LOCK_WAIT_TIMEOUT':
    case 'ER_CON_COUNT_ERROR':
    case 'ER_TOO_MANY_USER_CONNECTIONS':
      return { code: 'integrations.http.unavailable', message };
    default:
      return { code: 'integrations.http.bad_request', message };
  }
}

/** Backtick identifiers (schema.table allowed): names were checked by the input schema already. */
const quote = (name: string) =>
  name
    .split('.')
    .map((p) => `\`${p.replaceAll('`', '``')}\``)
    .join('.');

async function withConnection<T>(ctx: ServiceCallContext<Settings>, fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const s = ctx.settings;
  const address = await ctx.resolveHost(s.host);
  const conn = await mysql.createConnection({
    // The socket goes to the address the SSRF policy allowed; `host` stays the name, for TLS server-name checks.
    stream: net.connect({ host: address, port: s.port }),
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    password: s.password,
    ...(s.tls === 'off' ? {} : { ssl: { rejectUnauthorized: s.tls === 'verify', verifyIdentity: s.tls === 'verify' } }),
    connectTimeout: 10_000,
    // Dates as text: the server's own representation (microseconds kept), read as the cursor compares it.
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    // One statement per call: a parameter can never smuggle a second one in, nor can a written query.
    multipleStatements: false,
  });
  conn.on('error', (err: { code?: string }) => ctx.logger.warn({ code: err.code }, 'mysql connection error'));
  const abort = () => conn.destroy();
  ctx.signal.addEventListener('abort', abort, { once: true });
  try {
    return await fn(conn);
  } finally {
    ctx.signal.removeEventListener('abort', abort);
    await conn.end().catch(() => conn.destroy());
  }
}

const mysqlService = defineService({
  id: 'mysql',
  name: 'MySQL',
  settings,
  label: (s) => `${s.user}@${s.host}:${s.port}/${s.database}`,
  async check(ctx) {
    await withConnection(ctx, (c) => c.query('SELECT 1'));
  },
  fault,
});

type Result = mysql.RowDataPacket[] | mysql.ResultSetHeader;
const isHeader = (r: Result): r is mysql.ResultSetHeader => !Array.isArray(r);

export const query = mysqlService.operation({
  id: 'mysql.query',
  title: 'Run a query',
  description: 'Runs one SQL statement with parameters (?) and returns its rows.',
  aiDescription:
    'Use to read from or change a MySQL or MariaDB database with your own SQL. Put every value in params and write ? for it in sql; never write values into the SQL text (it is taken literally, expressions are not rendered in it). For plain inserts and updates prefer mysql.insert_rows / mysql.update_rows.',
  idempotent: false,
  sideEffect: true,
  literalInput: ['sql'],
  input: queryInput,
  output: queryOutput,
  async run(ctx, input) {
    return withConnection(ctx, async (c) => {
      // Prepared statement: values never become SQL text, whatever they contain.
      const [r] = await c.execute<Result>(input.sql, input.params.map(toParam) as never[]);
      if (isHeader(r)) return { rows: [], rowCount: r.affectedRows, truncated: false };
      return { rows: r.slice(0, input.maxRows).map((row) => jsonRow({ ...row })), rowCount: r.length, truncated: r.length > input.maxRows };
    });
  },
});

export const insertRows = mysqlService.operation({
  id: 'mysql.insert_rows',
  title: 'Insert rows',
  description: 'Inserts rows into a table (one statement, all or none); returns the count and the first auto-increment id.',
  aiDescription: 'Use to add one or more rows to a MySQL/MariaDB table: give the table and rows as objects of column → value. Returns how many were inserted and the first generated id.',
  idempotent: false,
  sideEffect: true,
  input: insertInput,
  output: z.object({ inserted: z.number(), firstInsertId: z.number().nullable() }),
  async run(ctx, input) {
    const columns = [...new Set(input.rows.flatMap((r) => Object.keys(r)))];
    const values: unknown[] = [];
    const tuples = input.rows.map((r) => `(${columns.map((c) => (c in r ? (values.push(toParam(r[c])), '?') : 'DEFAULT')).join(', ')})`);
    const sql = `INSERT INTO ${quote(input.table)} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')}`;
    return withConnection(ctx, async (c) => {
      const [r] = await c.execute<mysql.ResultSetHeader>(sql, values as never[]);
      return { inserted: r.affectedRows, firstInsertId: r.insertId ? Number(r.insertId) : null };
    });
  },
});

export const updateRows = mysqlService.operation({
  id: 'mysql.update_rows',
  title: 'Update rows',
  description: 'Sets columns of the rows whose columns equal the given values; returns how many matched and changed.',
  aiDescription: 'Use to change rows of a MySQL/MariaDB table matched by equality on one or more columns (where), setting the columns in set. For other conditions use mysql.query with parameters.',
  idempotent: true,
  sideEffect: true,
  input: updateInput,
  output: z.object({ matched: z.number(), changed: z.number() }),
  async run(ctx, input) {
    const values: unknown[] = [];
    const sets = Object.entries(input.set).map(([k, v]) => (values.push(toParam(v)), `${quote(k)} = ?`));
    const conds = Object.entries(input.where).map(([k, v]) => (v === null ? `${quote(k)} IS NULL` : (values.push(toParam(v)), `${quote(k)} = ?`)));
    const sql = `UPDATE ${quote(input.table)} SET ${sets.join(', ')} WHERE ${conds.join(' AND ')}`;
    return withConnection(ctx, async (c) => {
      const [r] = await c.execute<mysql.ResultSetHeader>(sql, values as never[]);
      // MySQL reports matched rows only in the info text ("Rows matched: 2  Changed: 1").
      const matched = Number(/Rows matched:\s*(\d+)/.exec(r.info)?.[1] ?? r.affectedRows);
      return { matched, changed: r.changedRows };
    });
  },
});

const CURSOR = '__atom_cursor';

export const newRow = mysqlService.trigger({
  id: 'mysql.new_row',
  title: 'New row in a table',
  description: 'Starts for each row whose increasing column (auto-increment id or creation time) is past the last one seen.',
  aiDescription:
    'Use to react to rows added to a MySQL/MariaDB table. Name an always-increasing column: an AUTO_INCREMENT id, or a creation timestamp (rows sharing the exact timestamp of the last one seen, inserted later, are missed). Rows present when the workflow starts do not start runs.',
  config: newRowConfig,
  event: newRowEvent,
  eventKey: (e) => `${e.table}:${e.value}`,
  async poll(ctx, config, cursor) {
    const table = quote(config.table);
    const col = quote(config.column);
    return withConnection(ctx, async (c) => {
      const last = typeof cursor?.['last'] === 'string' ? cursor['last'] : undefined;
      if (cursor === undefined) {
        const [r] = await c.query<mysql.RowDataPacket[]>(`SELECT CAST(MAX(${col}) AS CHAR) AS v FROM ${table}`);
        const v = (r[0] as { v: string | null } | undefined)?.v ?? null;
        return { events: [], cursor: v === null ? { empty: 1 } : { last: v } };
      }
      // LIMIT takes an integer literal here (prepared LIMIT ? wants a string on some servers); batchSize is a checked int.
      const limit = Math.trunc(config.batchSize);
      const [rows] =
        last === undefined
          ? await c.execute<mysql.RowDataPacket[]>(`SELECT *, CAST(${col} AS CHAR) AS ${CURSOR} FROM ${table} WHERE ${col} IS NOT NULL ORDER BY ${col} LIMIT ${limit}`)
          : await c.execute<mysql.RowDataPacket[]>(`SELECT *, CAST(${col} AS CHAR) AS ${CURSOR} FROM ${table} WHERE ${col} > ? ORDER BY ${col} LIMIT ${limit}`, [last]);
      const events = rows.map((row) => {
        const { [CURSOR]: value, ...rest } = row as Record<string, unknown>;
        return { table: config.table, column: config.column, value: String(value), row: jsonRow(rest) };
      });
      const newest = events.at(-1)?.value ?? last;
      const next: TriggerCursor = newest !== undefined ? { last: newest } : { empty: 1 };
      return { events, cursor: next };
    });
  },
});

export const mysqlActions = [query, insertRows, updateRows];
export const mysqlTriggers = [newRow];

/** MySQL / MariaDB, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const mysqlIntegration = defineIntegration({ catalog, kit: mysqlService, actions: mysqlActions, triggers: mysqlTriggers });
