import type { LegalHold, PurgeReport, RetentionClassPolicy, RetentionPreview, RetentionSettings } from '../../../../src/shared/retention';
import { api } from '../../lib/api';

export type { LegalHold, PurgeReport, RetentionClassPolicy, RetentionPreview, RetentionSettings };

export const fetchRetention = () => api<RetentionSettings>('/api/retention/policies');
export const setKeepDays = (name: string, keepDays: number | null) =>
  api<RetentionSettings>(`/api/retention/policies/${encodeURIComponent(name)}`, { method: 'PUT', body: { keepDays } });
export const setLegalHold = (enabled: boolean, reason?: string) =>
  api<RetentionSettings>('/api/retention/legal-hold', { method: 'PUT', body: { enabled, ...(reason ? { reason } : {}) } });
export const fetchPreview = () => api<RetentionPreview>('/api/retention/preview?limit=0');
export const runPurge = (asOf: string) => api<PurgeReport>('/api/retention/purge', { method: 'POST', body: { asOf } });
