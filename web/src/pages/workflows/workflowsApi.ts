import type { ActivationResult, RunView, TemplateSummary, VersionSummary, WorkflowDetail, WorkflowSummary } from '../../../../src/shared/workflows';
import type { FieldChange, VersionDiff } from '../../../../src/shared/workflow-diff';
import { api } from '../../lib/api';

export type { ActivationResult, FieldChange, TemplateSummary, VersionDiff, VersionSummary, WorkflowDetail, WorkflowSummary };

const enc = encodeURIComponent;
export const listWorkflows = () => api<{ items: WorkflowSummary[] }>('/api/workflows?limit=500');
export const getWorkflow = (id: string) => api<WorkflowDetail>(`/api/workflows/${enc(id)}`);
/** A blank workflow (started by hand, no steps yet), to build in the editor. */
export const createBlankWorkflow = (name: string) => api<WorkflowSummary>('/api/workflows', { method: 'POST', body: { name, definition: { trigger: { type: 'manual' }, steps: [] }, message: 'Created blank' } });
export const listTemplates = () => api<{ items: TemplateSummary[] }>('/api/templates');
/** connections: service → the id of one of your connections of it (the template's steps of that service use it). */
export const instantiateTemplate = (id: string, params: Record<string, unknown> = {}, connections: Record<string, string> = {}) =>
  api<WorkflowSummary>(`/api/templates/${enc(id)}/instantiate`, { method: 'POST', body: { params, connections } });
export const activate = (id: string) => api<ActivationResult>(`/api/workflows/${enc(id)}/activate`, { method: 'POST', body: {} });
export const deactivate = (id: string) => api<WorkflowSummary>(`/api/workflows/${enc(id)}/deactivate`, { method: 'POST', body: {} });
export const runWorkflow = (id: string, dryRun: boolean, options: { usePinned?: boolean; waitMs?: number } = {}) =>
  api<RunView>(`/api/workflows/${enc(id)}/run`, { method: 'POST', body: { dryRun, usePinned: options.usePinned ?? true, version: 'latest', waitMs: options.waitMs ?? 0 } });
/** Runs one step of the latest saved version (side effects previewed unless dryRun is false); nothing is journaled. */
export const testStep = (id: string, stepId: string, body: { steps?: Record<string, unknown>; dryRun?: boolean }) =>
  api<{ status: string; output: unknown; error: unknown }>(`/api/workflows/${enc(id)}/steps/${enc(stepId)}/test`, { method: 'POST', body: { dryRun: true, version: 'latest', ...body } });
export const listVersions = (id: string) => api<{ items: VersionSummary[] }>(`/api/workflows/${enc(id)}/versions`);
export const diffVersions = (id: string, from: number, to: number) => api<VersionDiff>(`/api/workflows/${enc(id)}/diff?from=${from}&to=${to}`);
export const rollback = (id: string, version: number) => api<WorkflowSummary>(`/api/workflows/${enc(id)}/rollback`, { method: 'POST', body: { version } });
export const exportWorkflow = (id: string) => api<unknown>(`/api/workflows/${enc(id)}/export`);
