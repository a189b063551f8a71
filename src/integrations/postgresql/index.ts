import pg from 'pg';
import { z } from 'zod';
import type { TriggerCursor } from '../pieces.js';
import { defineService, hostField, portField, type Fault, type ServiceCallContext } from '../kit/index.js';
import { insertInput, jsonRow, newRowConfig, newRowEvent, queryInput, queryOutput, toParam, updateInput } from '../kit/sql.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

const settings = z.object({
  host: hostField,
  port: portField(5432),
  database: z.string().trim().min(1).max(63),
  user: z.string().trim().min(1).max(63),
  password: z.string().max(1024).default(''),
  /** off: plain TCP; require: TLS without checking the certificate; verify: TLS with a trusted certificate for the host. */
  tls: z.enum(['off', 'require', 'verify']).default('off'),
});
type Settings = z.output<typeof settings>;

/** SQLSTATE classes (postgresql.org/docs/current/errcodes-appendix.html) in Atom's codes. */
function fault(err: unknown): Fault | undefined {
  if (!(err instanceof Error) || !('code' in err) || typeof err.code !== 'string' || !/^[0-9A-Z]{5}$/.test(err.code)) return undefined;
  const state = err.code;
  const message = `${err.message} (SQLSTATE ${state})`;
  if (state === '28P01' || state === '28000') return { code: 'integrations.http.unauthorized', message };
  if (state === '42501') return { code: 'integrations.http.forbidden', message };
  if (state === '3D000' || state === '42P01' || state === '42703') return { code: 'integrations.http.not_found', message };
  if (state === '23505' || state.startsWith('40')) return { code: state === '23505' ? 'integrations.http.conflict' : 'integrations.http.unavailable', message };
  if (state === '53300' || state === '57P03' || state.startsWith('08')) return { code: 'integrations.http.unavailable', message };
  if (state === '57014') return { code: 'integrations.http.timeout', message };
  return { code: 'integrations.http.bad_request', message };
}

/** Double-quoted identifiers (schema.table allowed): names were checked by the input schema already. */
const quote = (name: string) =>
  name
    .split('.')
    .map((p) => `"${p.replaceAll('"', '""')}"`)
    .join('.');

/** One client per call, to the address the SSRF policy allowed; closed whatever happens. */
async function withClient<T>(ctx: ServiceCallContext<Settings>, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const s = ctx.settings;
  const address = await ctx.resolveHost(s.host);
  const client = new pg.Client({
    host: address,
    port: s.port,
    database: s.database,
    user: s.user,
    password: s.password,
    ssl: s.tls === 'off' ? false : { rejectUnauthorized: s.tls === 'verify', servername: s.host },
    connectionTimeoutMillis: 10_000,
    statement_timeout: 60_000,
    query_timeout: 65_000,
    application_name: 'atom',
  });
  // A dropped socket after connect would otherwise be an unhandled 'error' event.
  client.on('error', (err) => ctx.logger.warn({ code: (err as { code?: string }).code }, 'postgresql connection error'));
  const abort = () => void client.end().catch(() => undefined);
  ctx.signal.addEventListener('abort', abort, { once: true });
  try {
    await client.connect();
    return await fn(client);
  } finally {
    ctx.signal.removeEventListener('abort', abort);
    await client.end().catch(() => undefined);
  }
}

const postgresql = defineService({
  id: 'postgresql',
  name: 'PostgreSQL',
  settings,
  label: (s) => `${s.user}@${s.host}:${s.port}/${s.database}`,
  async check(ctx) {
    await withClient(ctx, (c) => c.query('select 1'));
  },
  fault,
});

export const query = postgresql.operation({
  id: 'postgresql.query',
  title: 'Run a query',
  description: 'Runs one SQL statement with parameters ($1, $2, ...) and returns its rows.',
  aiDescription:
    'Use to read from or change a PostgreSQL database with your own SQL. Put every value in params and refer to it as $1, $2, ... in sql; never write values into the SQL text (it is taken literally, expressions are not rendered in it). For plain inserts and updates prefer postgresql.insert_rows / postgresql.update_rows.',
  idempotent: false,
  sideEffect: true,
  literalInput: ['sql'],
  input: queryInput,
  output: queryOutput,
  async run(ctx, input) {
    return withClient(ctx, async (c) => {
      const r = await c.query({ text: input.sql, values: input.params.map(toParam) });
      const rows = (r.rows as Record<string, unknown>[]).slice(0, input.maxRows).map(jsonRow);
      return { rows, rowCount: r.rowCount ?? rows.length, truncated: r.rows.length > input.maxRows };
    });
  },
});

export const insertRows = postgresql.operation({
  id: 'postgresql.insert_rows',
  title: 'Insert rows',
  description: 'Inserts rows into a table (one statement, all or none) and returns them as stored.',
  aiDescription: 'Use to add one or more rows to a PostgreSQL table: give the table and rows as objects of column → value. Returns the inserted rows with their defaults (ids, timestamps).',
  idempotent: false,
  sideEffect: true,
  input: insertInput,
  output: z.object({ inserted: z.number(), rows: z.array(z.record(z.string(), z.unknown())) }),
  async run(ctx, input) {
    const columns = [...new Set(input.rows.flatMap((r) => Object.keys(r)))];
    const values: unknown[] = [];
    const tuples = input.rows.map((r) => `(${columns.map((c) => (c in r ? (values.push(toParam(r[c])), `$${values.length}`) : 'DEFAULT')).join(', ')})`);
    const sql = `INSERT INTO ${quote(input.table)} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')} RETURNING *`;
    return withClient(ctx, async (c) => {
      const r = await c.query({ text: sql, values });
      return { inserted: r.rowCount ?? r.rows.length, rows: (r.rows as Record<string, unknown>[]).map(jsonRow) };
    });
  },
});

export const updateRows = postgresql.operation({
  id: 'postgresql.update_rows',
  title: 'Update rows',
  description: 'Sets columns of the rows whose columns equal the given values, and returns the updated rows.',
  aiDescription: 'Use to change rows of a PostgreSQL table matched by equality on one or more columns (where), setting the columns in set. For other conditions use postgresql.query with parameters.',
  idempotent: true,
  sideEffect: true,
  input: updateInput,
  output: z.object({ updated: z.number(), rows: z.array(z.record(z.string(), z.unknown())) }),
  async run(ctx, input) {
    const values: unknown[] = [];
    const sets = Object.entries(input.set).map(([k, v]) => (values.push(toParam(v)), `${quote(k)} = $${values.length}`));
    const conds = Object.entries(input.where).map(([k, v]) => (v === null ? `${quote(k)} IS NULL` : (values.push(toParam(v)), `${quote(k)} = $${values.length}`)));
    const sql = `UPDATE ${quote(input.table)} SET ${sets.join(', ')} WHERE ${conds.join(' AND ')} RETURNING *`;
    return withClient(ctx, async (c) => {
      const r = await c.query({ text: sql, values });
      return { updated: r.rowCount ?? r.rows.length, rows: (r.rows as Record<string, unknown>[]).map(jsonRow) };
    });
  },
});

const CURSOR = '__atom_cursor';

export const newRow = postgresql.trigger({
  id: 'postgresql.new_row',
  title: 'New row in a table',
  description: 'Starts for each row whose increasing column (id or creation time) is past the last one seen.',
  aiDescription:
    'Use to react to rows added to a PostgreSQL table. Name an always-increasing column: an identity/serial id, or a creation timestamp (rows sharing the exact timestamp of the last one seen, inserted later, are missed). Rows present when the workflow starts do not start runs.',
  config: newRowConfig,
  event: newRowEvent,
  eventKey: (e) => `${e.table}:${e.value}`,
  async poll(ctx, config, cursor) {
    const table = quote(config.table);
    const col = quote(config.column);
    return withClient(ctx, async (c) => {
      const last = typeof cursor?.['last'] === 'string' ? cursor['last'] : undefined;
      if (cursor === undefined) {
        // First poll: remember the newest value; rows already there must not start runs.
        const r = await c.query(`SELECT max(${col})::text AS v FROM ${table}`);
        const v = (r.rows[0] as { v: string | null } | undefined)?.v ?? null;
        return { events: [], cursor: v === null ? { empty: 1 } : { last: v } };
      }
      // The column compared as its own type, read back as text: full precision (microseconds), no float drift.
      const r =
        last === undefined
          ? await c.query({ text: `SELECT *, (${col})::text AS ${CURSOR} FROM ${table} WHERE ${col} IS NOT NULL ORDER BY ${col} LIMIT $1`, values: [config.batchSize] })
          : await c.query({ text: `SELECT *, (${col})::text AS ${CURSOR} FROM ${table} WHERE ${col} > $1 ORDER BY ${col} LIMIT $2`, values: [last, config.batchSize] });
      const rows = r.rows as Record<string, unknown>[];
      const events = rows.map((row) => {
        const { [CURSOR]: value, ...rest } = row;
        return { table: config.table, column: config.column, value: String(value), row: jsonRow(rest) };
      });
      const newest = events.at(-1)?.value ?? last;
      const next: TriggerCursor = newest !== undefined ? { last: newest } : { empty: 1 };
      return { events, cursor: next };
    });
  },
});

export const postgresqlActions = [query, insertRows, updateRows];
export const postgresqlTriggers = [newRow];

/** PostgreSQL, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const postgresqlIntegration = defineIntegration({ catalog, kit: postgresql, actions: postgresqlActions, triggers: postgresqlTriggers });
