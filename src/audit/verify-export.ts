import { canonicalJson, chainOf, entryHash } from './chain.js';
import type { AuditEntryView } from './view.js';

export interface ExportCheck {
  ok: boolean;
  entries: number;
  /** Every entry's own hash matched its content. */
  firstAltered: { seq: number; line: number } | null;
  /** Consecutive entries (seq n, n+1) whose link did not match. */
  firstUnlinked: { seq: number; line: number } | null;
  /** Seq gaps: expected in a filtered export, a sign of removal in a full one. */
  gaps: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** Compare with a head hash kept elsewhere (GET /api/audit/verify) to prove nothing was rewritten. */
  lastHash: string | null;
}

/**
 * Checks a JSON-lines export without the database: each entry's hash is recomputed from its content, and
 * consecutive entries must link. Works on filtered exports too (gaps are counted, not failed), so an auditor
 * can verify what they were given and compare its last hash with one recorded earlier.
 */
export async function verifyExport(lines: AsyncIterable<string> | Iterable<string>): Promise<ExportCheck> {
  const check: ExportCheck = { ok: true, entries: 0, firstAltered: null, firstUnlinked: null, gaps: 0, firstSeq: null, lastSeq: null, lastHash: null };
  let previous: AuditEntryView | undefined;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    const e = JSON.parse(line) as AuditEntryView;
    check.entries++;
    check.firstSeq ??= e.seq;
    const row = {
      id: e.id,
      chain: chainOf(e.workspaceId),
      seq: e.seq,
      workspace_id: e.workspaceId,
      occurred_at: e.occurredAt,
      actor_id: e.actor.id,
      actor_type: e.actor.type,
      action: e.action,
      target_type: e.target?.type ?? null,
      target_id: e.target?.id ?? null,
      outcome: e.outcome,
      ip: e.ip,
      user_agent: e.userAgent,
      request_id: e.requestId,
      details: canonicalJson(e.details),
      prev_hash: e.prevHash,
    };
    if (entryHash(row) !== e.hash && !check.firstAltered) check.firstAltered = { seq: e.seq, line: lineNo };
    if (previous) {
      if (e.seq === previous.seq + 1) {
        if (e.prevHash !== previous.hash && !check.firstUnlinked) check.firstUnlinked = { seq: e.seq, line: lineNo };
      } else {
        check.gaps++;
      }
    }
    previous = e;
    check.lastSeq = e.seq;
    check.lastHash = e.hash;
  }
  check.ok = check.firstAltered === null && check.firstUnlinked === null;
  return check;
}
