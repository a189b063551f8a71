import type { AuditEntryView as AuditEntry, AuditPage, ChainReport } from '../../../../src/shared/audit';
import type { MemberView } from '../../../../src/shared/auth';
import { api } from '../../lib/api';

export type { AuditEntry, AuditPage, ChainReport };

/** The viewer's filter form; empty strings mean "any". Times are local `datetime-local` values. */
export interface AuditFilters {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  outcome: '' | AuditEntry['outcome'];
  since: string;
  until: string;
}

export const emptyFilters: AuditFilters = { actor: '', action: '', targetType: '', targetId: '', outcome: '', since: '', until: '' };

/** Query string for the list and export endpoints: only filled filters, local times sent as UTC ISO. */
export function filterQuery(f: AuditFilters): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of ['actor', 'action', 'targetType', 'targetId', 'outcome'] as const) {
    const v = f[key].trim();
    if (v) q.set(key, v);
  }
  for (const key of ['since', 'until'] as const) {
    const d = f[key] ? new Date(f[key]) : undefined;
    if (d && !Number.isNaN(d.getTime())) q.set(key, d.toISOString());
  }
  return q;
}

export const fetchAuditPage = (f: AuditFilters, cursor: string | null, limit = 50) => {
  const q = filterQuery(f);
  q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  return api<AuditPage>(`/api/audit?${q.toString()}`);
};

export const verifyAuditChain = () => api<ChainReport>('/api/audit/verify');

export const exportUrl = (f: AuditFilters, format: 'jsonl' | 'csv') => {
  const q = filterQuery(f);
  q.set('format', format);
  return `/api/audit/export?${q.toString()}`;
};

/** Workspace members, to show people's names instead of ids (any member may list them). */
export type Member = MemberView;
export const fetchMembers = () => api<{ members: Member[] }>('/api/members').then((r) => r.members);

/**
 * Filters from the page URL, so other pages can link to a filtered view
 * (e.g. `/settings/audit?targetType=workflow&targetId=wf_1`). Times in the URL are ISO; the form shows local.
 */
export function filtersFromSearch(search: URLSearchParams): AuditFilters {
  const local = (iso: string | null) => {
    const d = iso ? new Date(iso) : undefined;
    if (!d || Number.isNaN(d.getTime())) return '';
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  const outcome = search.get('outcome');
  return {
    actor: search.get('actor') ?? '',
    action: search.get('action') ?? '',
    targetType: search.get('targetType') ?? '',
    targetId: search.get('targetId') ?? '',
    outcome: outcome === 'success' || outcome === 'failure' || outcome === 'denied' ? outcome : '',
    since: local(search.get('since')),
    until: local(search.get('until')),
  };
}
