import type { ApprovalDecision, RunDetail, RunPage, RunStatus, RunStep, RunSummary } from '../../../../src/shared/workflows';
import { api } from '../../lib/api';

export type { RunDetail, RunPage, RunStatus, RunStep, RunSummary };
/** The run statuses the filter offers (a runtime list, so it stays here, typed against the shared type). */
export const runStatuses = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const satisfies readonly RunStatus[];

export function listRuns(params: { cursor?: string; status?: string; workflowId?: string; limit?: number }): Promise<RunPage> {
  const q = new URLSearchParams();
  q.set('limit', String(params.limit ?? 200));
  if (params.cursor) q.set('cursor', params.cursor);
  if (params.status) q.set('status', params.status);
  if (params.workflowId) q.set('workflowId', params.workflowId);
  return api<RunPage>(`/api/runs?${q.toString()}`);
}

export const getRun = (id: string) => api<RunDetail>(`/api/runs/${encodeURIComponent(id)}`);
export const cancelRun = (id: string) => api(`/api/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: {} });
export const retryRun = (id: string, body: { from: 'failed_step' | 'start'; version: 'run' | 'current' }) => api(`/api/runs/${encodeURIComponent(id)}/retry`, { method: 'POST', body });
/** Approves or rejects a waiting approval step, as the signed-in member. */
export const decideApproval = (id: string, body: { decision: 'approve' | 'reject'; stepKey: string; comment?: string }) =>
  api<ApprovalDecision>(`/api/runs/${encodeURIComponent(id)}/approval`, { method: 'POST', body });

export const statusColor: Record<string, string> = { succeeded: 'green', failed: 'red', running: 'blue', cancelled: 'gray', waiting: 'yellow', queued: 'gray', skipped: 'gray' };
export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' }) : '—');
export const duration = (from: string | null, to: string | null) => {
  if (!from || !to) return '—';
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
};

const triggerWords: Record<string, string> = {
  manual: 'Started by hand',
  schedule: 'Scheduled',
  webhook: 'Webhook',
  integration: 'Service event',
  memory_event: 'Document event',
  sub_workflow: 'Called by another workflow',
  error_workflow: 'Error handler',
};
/** How a run started, in words; a dry run says so first (it previews side effects instead of doing them). */
export const runKind = (r: Pick<RunSummary, 'mode' | 'triggerType'>) => (r.mode === 'dry' ? 'Dry run' : (triggerWords[r.triggerType] ?? r.triggerType.replace(/_/g, ' ')));
export const workflowLabel = (r: Pick<RunSummary, 'workflowName'>) => r.workflowName ?? 'Deleted workflow';
