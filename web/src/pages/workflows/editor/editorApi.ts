import type { Person } from '../../../../../src/shared/comments';
import type { ActionInfoView, IssuesView } from '../../../../../src/shared/workflow-editor';
import { api } from '../../../lib/api';

/** An action steps can call (GET /api/workflows/actions), its input read as the JSON Schema subset the form draws. */
export type ActionInfo = Omit<ActionInfoView, 'input'> & { input: JsonSchema };

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
  items?: JsonSchema;
}

export type { ValidationIssue } from './graph';

export type { Person };

const enc = encodeURIComponent;
export const listActions = () => api<{ items: ActionInfo[] }>('/api/workflows/actions');
export const validateDraft = (id: string, definition: unknown, signal?: AbortSignal) =>
  api<IssuesView>(`/api/workflows/${enc(id)}/validate-draft`, { method: 'POST', body: { definition }, ...(signal ? { signal } : {}) });
export const saveDraft = (id: string, message: string) =>
  api<{ version: number; message: string; authors: Person[] }>(`/api/workflows/${enc(id)}/collab/save`, { method: 'POST', body: { message } });
export const draftState = (id: string) =>
  api<{ baseVersion: number; editors: Person[]; versions: { version: number; authors: Person[] }[] }>(`/api/workflows/${enc(id)}/collab/state`);

/** The WebSocket address of a workflow's co-edited draft (same origin; the session cookie goes along). */
export const collabServerUrl = (id: string) => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/workflows/${enc(id)}`;
