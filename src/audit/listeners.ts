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
const listeners = new Set<AuditListener>();

/**
 * Tells `listener` of every entry appended in this process (the real-time stream shows new entries to
 * admins). Returns the unsubscribe function. Entries are told only once committed: one appended inside a
 * caller's transaction waits for that commit (see `recordAudit`), and is never told if it rolls back.
 */
export function onAuditRecorded(listener: AuditListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function tellAuditListeners(entry: RecordedAudit): void {
  for (const l of listeners) {
    try {
      l(entry);
    } catch {
      // A listener's failure never fails the audited action.
    }
  }
}
