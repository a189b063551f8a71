import type { Kysely } from 'kysely';
import { perDatabase, type Database } from '../platform/index.js';

/** What live views learn of a new audit entry (the full entry stays behind GET /api/audit). */
export interface RecordedAudit {
  id: string;
  seq: number;
  workspaceId: string | null;
  action: string;
  actorId: string | null;
  actorType: string;
  target: { type: string; id: string } | undefined;
  outcome: string;
  occurredAt: string;
}

type AuditListener = (entry: RecordedAudit) => void;
// Per database (a test process holds several apps): recordAudit is handed only `db` or a transaction of it.
const auditListeners = perDatabase(() => new Set<AuditListener>());

/**
 * Tells `listener` of every entry appended to this database by this process (the real-time stream shows new entries to
 * admins). Returns the unsubscribe function. Entries are told only once committed: one appended inside a
 * caller's transaction waits for that commit (see `recordAudit`), and is never told if it rolls back.
 */
export function onAuditRecorded(db: Kysely<Database>, listener: AuditListener): () => void {
  const listeners = auditListeners(db);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function tellAuditListeners(db: Kysely<Database>, entry: RecordedAudit): void {
  for (const l of auditListeners(db)) {
    try {
      l(entry);
    } catch {
      // A listener's failure never fails the audited action.
    }
  }
}
