import type { DocumentPage, MemorySource, MemoryStats, Preview, Progress, SearchResponse } from '../../../../src/shared/memory';
import type { ConnectionList, ConnectionView } from '../../../../src/shared/connections';
import { api, ApiError } from '../../lib/api';

// API shapes come from the server's schemas (type-only: nothing of zod reaches the bundle).
export type { MemoryDocument, MemorySource, MemoryStats, Preview, Progress, SearchHit } from '../../../../src/shared/memory';

/** An integrations connection (GET /api/connections), as far as adding a source needs it. */
export type ServiceConnection = Pick<ConnectionView, 'id' | 'service' | 'label' | 'accountLabel' | 'status'>;

export const sourceLabel: Record<string, string> = { upload: 'Upload', folder: 'Folder', google_drive: 'Google Drive', onedrive: 'OneDrive' };
export const sourceColor: Record<string, string> = { upload: 'gray', folder: 'gray', google_drive: 'teal', onedrive: 'blue' };
/** Props of a source's badge: white on the darkest shade of its colour, for AA contrast. */
export const sourceBadge = (source: string) => ({ color: `${sourceColor[source] ?? 'gray'}.9`, variant: 'filled' as const });
export const syncableKinds = { google_drive: 'google-drive', onedrive: 'onedrive' } as const;
export type SyncableKind = keyof typeof syncableKinds;
export const fileTypes = ['pdf', 'docx', 'xlsx', 'pptx', 'csv', 'html', 'markdown', 'text', 'json', 'eml'] as const;

export interface SearchFilters {
  sources: string[];
  types: string[];
  /** yyyy-mm-dd */
  after: string;
  before: string;
}

export const searchMemory = (q: string, f: SearchFilters) => {
  const params = new URLSearchParams({ q, limit: '20' });
  if (f.sources.length) params.set('sources', f.sources.join(','));
  if (f.types.length) params.set('types', f.types.join(','));
  if (f.after) params.set('after', f.after);
  // The end date is inclusive for people: up to the end of that day.
  if (f.before) params.set('before', `${f.before}T23:59:59.999Z`);
  return api<SearchResponse>(`/api/memory/search?${params.toString()}`);
};

export const listDocuments = (after: string | undefined) =>
  api<DocumentPage>(`/api/memory/documents?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`);
export const deleteDocument = (id: string) => api<void>(`/api/memory/documents/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const fetchPreview = (id: string, q: string) => api<Preview>(`/api/memory/documents/${encodeURIComponent(id)}/passages${q ? `?q=${encodeURIComponent(q)}` : ''}`);
export const fetchJob = (id: string) => api<Progress>(`/api/memory/jobs/${encodeURIComponent(id)}`);
export const fetchSources = () => api<{ connections: MemorySource[] }>('/api/memory/connections');
export const syncSource = (id: string) => api<Progress>(`/api/memory/connections/${encodeURIComponent(id)}/sync`, { method: 'POST' });
export const forgetSource = (id: string) => api<{ forgottenDocuments: number }>(`/api/memory/connections/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const addSource = (body: { kind: SyncableKind; integrationConnectionId: string; name?: string }) =>
  api<MemorySource>('/api/memory/connections', { method: 'POST', body });
export const fetchStats = () => api<MemoryStats>('/api/memory/stats');
export const fetchServiceConnections = () => api<ConnectionList>('/api/connections');
export const startConnect = (service: string, returnTo: string) =>
  // Personal: the account is the member's own, so its files' permissions count for them (docs/auth.md).
  api<{ authorizationUrl: string }>(`/api/connections/${encodeURIComponent(service)}/oauth/start`, { method: 'POST', body: { returnTo, personal: true } });

let csrfToken: string | null | undefined;
/** Multipart uploads bypass the JSON helper, so they send the session's CSRF token themselves. */
async function csrfHeaders(): Promise<Record<string, string>> {
  csrfToken ??= (await api<{ csrfToken: string | null }>('/api/auth/csrf').catch(() => ({ csrfToken: null }))).csrfToken;
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** Uploads files (any number) as one ingest job; answers its progress at once (202), the job runs on. */
export async function uploadFiles(files: readonly File[]): Promise<Progress> {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  const res = await fetch('/api/memory/documents', { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', ...(await csrfHeaders()) } });
  const body = (await res.json().catch(() => ({}))) as Progress & { code?: string; detail?: string };
  if (!res.ok) throw new ApiError(res.status, body.code ?? 'http.error', body.detail ?? `The server answered ${res.status}.`);
  return body;
}

export const formatBytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${(n / 1024 ** 3).toFixed(2)} GB`);
export const formatEta = (s: number | undefined) => (s === undefined ? '—' : s < 60 ? `${Math.round(s)} s` : s < 3600 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);
