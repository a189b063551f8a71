import { api } from '../../lib/api';

export interface SearchHit {
  documentId: string;
  title: string;
  mime: string;
  source: string;
  url?: string;
  path: string;
  modifiedAt?: string;
  score: number;
  locations: { documentId: string; source: string; title: string; path: string; url?: string }[];
  /** `snippet` is HTML escaped by the server, with matches in <mark>. */
  passages: { chunkIndex: number; context: string; snippet: string }[];
}

export interface MemorySource {
  id: string;
  kind: string;
  name: string;
  accountEmail: string | null;
  status: string;
  lastError: string | null;
  lastSyncFinishedAt: string | null;
  syncLagSeconds: number | null;
}

export interface MemoryStats {
  totals: { documents: number; chunks: number; bytes: number; failed: number };
  failures: { byCode: Record<string, number>; recent: { name: string; code: string; reason: string }[] };
  search: { last24h: number; latencyMs: { p50: number; p95: number; p99: number }; topQueries: { query: string; count: number }[]; zeroResultQueries: { query: string; count: number }[] };
}

export const sourceLabel: Record<string, string> = { upload: 'Upload', folder: 'Folder', google_drive: 'Google Drive', onedrive: 'OneDrive' };
export const sourceColor: Record<string, string> = { upload: 'gray', folder: 'gray', google_drive: 'green', onedrive: 'blue' };

export const searchMemory = (q: string, filters: { sources: string[]; types: string[] }) => {
  const params = new URLSearchParams({ q, limit: '20' });
  if (filters.sources.length) params.set('sources', filters.sources.join(','));
  if (filters.types.length) params.set('types', filters.types.join(','));
  return api<{ hits: SearchHit[]; tookMs: number }>(`/api/memory/search?${params.toString()}`);
};
export const fetchSources = () => api<{ connections: MemorySource[] }>('/api/memory/connections');
export const syncSource = (id: string) => api<{ id: string }>(`/api/memory/connections/${encodeURIComponent(id)}/sync`, { method: 'POST' });
export const fetchStats = () => api<MemoryStats>('/api/memory/stats');
