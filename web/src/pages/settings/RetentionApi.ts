import { api } from '../../lib/api';

export interface RetentionClassPolicy {
  name: string;
  label: string;
  description: string;
  minimumDays: number;
  /** null: kept forever. */
  keepDays: number | null;
}

export interface LegalHold {
  enabled: boolean;
  reason: string | null;
  setBy: string | null;
  setAt: string | null;
}

export interface RetentionSettings {
  classes: RetentionClassPolicy[];
  legalHold: LegalHold;
  lastPurge: { at: string; summary: unknown } | null;
}

export interface RetentionPreview {
  asOf: string;
  legalHold: boolean;
  classes: (RetentionClassPolicy & { cutoff: string | null; total: number; ids: string[] })[];
}

export interface PurgeReport {
  asOf: string;
  heldBack: boolean;
  classes: { name: string; cutoff: string; deleted: number }[];
}

export const fetchRetention = () => api<RetentionSettings>('/api/retention/policies');
export const setKeepDays = (name: string, keepDays: number | null) =>
  api<RetentionSettings>(`/api/retention/policies/${encodeURIComponent(name)}`, { method: 'PUT', body: { keepDays } });
export const setLegalHold = (enabled: boolean, reason?: string) =>
  api<RetentionSettings>('/api/retention/legal-hold', { method: 'PUT', body: { enabled, ...(reason ? { reason } : {}) } });
export const fetchPreview = () => api<RetentionPreview>('/api/retention/preview?limit=0');
export const runPurge = (asOf: string) => api<PurgeReport>('/api/retention/purge', { method: 'POST', body: { asOf } });
