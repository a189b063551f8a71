import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { perObject } from '../platform/context-state.js';
import { isPostgresDb, newId, nowIso, type Database } from '../platform/index.js';
import { actorTypeSchema, outcomeSchema } from '../shared/audit.js';
import { canonicalJson, chainOf, entryHash, GENESIS_HASH } from './chain.js';
import { tellAuditListeners, type RecordedAudit } from './listeners.js';
import './tables.js';

export { actorTypeSchema, outcomeSchema } from '../shared/audit.js';

export const auditEntrySchema = z.object({
  workspaceId: z.string().nullable(),
  actorId: z.string().nullable(),
  actorType: actorTypeSchema,
  /** Dotted, domain first: `auth.login.failed`, `workflow.updated`, `retention.purged`. */
  action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, { error: 'must be dotted lower-case, e.g. workflow.updated' }),
  target: z.object({ type: z.string().min(1), id: z.string().min(1) }).optional(),
  outcome: outcomeSchema,
  ip: z.string().optional(),
  userAgent: z.string().optional(),
  requestId: z.string().optional(),
  /** Context for people reading the log. Never secrets: keys that name one are masked anyway. */
  details: z.record(z.string(), z.unknown()).optional(),
});

export type AuditEntry = z.infer<typeof auditEntrySchema>;

const secretKey = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|private[-_]?key|credential|^key$/i;

/** Masks values under secret-sounding keys at any depth: the audit log is read by many and kept long. */
function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, secretKey.test(k) ? '[redacted]' : maskSecrets(v, depth + 1)]),
    );
  }
  if (typeof value === 'string' && value.length > 2000) return `${value.slice(0, 2000)}…`;
  return value;
}

const MAX_DETAILS_CHARS = 16_384;

/** Canonical, masked, and bounded: an entry stays a line in a log, not a copy of a payload. */
function boundedDetails(details: Record<string, unknown>): string {
  const text = canonicalJson(maskSecrets(details));
  if (text.length <= MAX_DETAILS_CHARS) return text;
  return canonicalJson({ truncated: true, originalChars: text.length, keys: Object.keys(details).slice(0, 50) });
}

/**
 * Appends one entry to its workspace's hash chain. Appends to one chain are serialized: on PostgreSQL by a
 * row lock on the chain's head row (`select … for update`), on SQLite by the write lock the first statement
 * takes. Works inside a caller's transaction too (the entry then commits or rolls back with it); record
 * last in such a transaction, since the chain's lock is held until it ends.
 *
 * Live listeners (the real-time stream) hear of an entry only once it is committed, so a rolled-back entry
 * is never announced. Outside a transaction that is right after the append. Inside one, Kysely has no
 * commit hook: run the transaction through {@link auditedTransaction} (announces after it commits), or pass
 * `afterCommit` to hand the announcement to the caller's own commit handling. An entry appended in any
 * other transaction is stored but not announced live (the audit page still lists it).
 *
 * @example
 * await recordAudit(ctx.db, { ...auditActor(request), action: 'workflow.updated', outcome: 'success',
 *   target: { type: 'workflow', id } });
 */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry, options: RecordAuditOptions = {}): Promise<void> {
  const e = auditEntrySchema.parse(entry);
  const append = async (trx: Kysely<Database>) => {
    const chain = chainOf(e.workspaceId);
    const now = nowIso();
    // Creates the head on the chain's first entry; on SQLite this write also takes the database write lock.
    await trx
      .insertInto('audit_chain_head')
      .values({ chain, seq: 0, hash: GENESIS_HASH, pruned_through_seq: 0, pruned_through_hash: GENESIS_HASH, updated_at: now })
      .onConflict((oc) => oc.column('chain').doNothing())
      .execute();
    const headQuery = trx.selectFrom('audit_chain_head').select(['seq', 'hash']).where('chain', '=', chain);
    const head = await (isPostgresDb(trx) ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow();
    const row = {
      id: newId(),
      chain,
      seq: head.seq + 1,
      workspace_id: e.workspaceId,
      occurred_at: now,
      actor_id: e.actorId,
      actor_type: e.actorType,
      action: e.action,
      target_type: e.target?.type ?? null,
      target_id: e.target?.id ?? null,
      outcome: e.outcome,
      ip: e.ip ?? null,
      user_agent: e.userAgent ? e.userAgent.slice(0, 512) : null,
      request_id: e.requestId ?? null,
      details: boundedDetails(e.details ?? {}),
      prev_hash: head.hash,
    };
    const hash = entryHash(row);
    await trx.insertInto('audit_log').values({ ...row, hash }).execute();
    await trx.updateTable('audit_chain_head').set({ seq: row.seq, hash, updated_at: now }).where('chain', '=', chain).execute();
    return row;
  };
  if (!db.isTransaction) {
    const row = await db.transaction().execute(append);
    tellAuditListeners(db, recorded(row, e));
    return;
  }
  const row = await append(db);
  const announce = () => tellAuditListeners(db, recorded(row, e));
  if (options.afterCommit) options.afterCommit(announce);
  else pendingAnnouncements(db).waiting?.push(announce);
}

export interface RecordAuditOptions {
  /**
   * Inside a caller's transaction: receives the announcement to run once that transaction has committed
   * (never on rollback). Not needed under {@link auditedTransaction}.
   */
  afterCommit?: (announce: () => void) => void;
}

/**
 * Announcements waiting for their transaction to commit, keyed by the transaction: `waiting` is set only on
 * a transaction `auditedTransaction` opened (elsewhere an entry's announcement goes through `afterCommit`).
 */
const pendingAnnouncements = perObject((_trx: Kysely<Database>): { waiting?: (() => void)[] } => ({}));

/**
 * Runs `fn` in a transaction and announces the audit entries recorded in it to live listeners after it
 * commits; if it throws (rolls back) they are dropped. Inside an existing transaction it runs `fn` there,
 * and the entries wait for that transaction's own commit.
 */
export async function auditedTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  const pending: (() => void)[] = [];
  const result = await db.transaction().execute((trx) => {
    pendingAnnouncements(trx).waiting = pending;
    return fn(trx);
  });
  for (const announce of pending) announce();
  return result;
}

function recorded(row: { id: string; seq: number; workspace_id: string | null; action: string; actor_id: string | null; actor_type: string; outcome: string; occurred_at: string }, e: AuditEntry): RecordedAudit {
  return { id: row.id, seq: row.seq, workspaceId: row.workspace_id, action: row.action, actorId: row.actor_id, actorType: row.actor_type, target: e.target, outcome: row.outcome, occurredAt: row.occurred_at };
}

/** Who and where, from a request: the caller (user, token or anonymous), client IP, user agent, request id. */
export function auditActor(request: FastifyRequest): Pick<AuditEntry, 'workspaceId' | 'actorId' | 'actorType' | 'ip' | 'userAgent' | 'requestId'> {
  const p = request.principal;
  const ua = request.headers['user-agent'];
  return {
    workspaceId: p?.workspaceId ?? null,
    // The person acting; actorType says whether through a session or one of their API tokens.
    actorId: p?.userId ?? null,
    actorType: !p ? 'user' : p.via === 'token' ? 'token' : p.via === 'system' ? 'system' : 'user',
    ip: request.ip,
    ...(typeof ua === 'string' ? { userAgent: ua } : {}),
    requestId: request.id,
  };
}
