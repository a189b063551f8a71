import { api } from '../../lib/api';

export interface AiProvider {
  id: string;
  label: string;
  baseUrl: string | null;
  capabilities: ('chat' | 'transcribe')[];
  keyOptional: boolean;
}

export interface AiKey {
  id: string;
  provider: string;
  label: string;
  scope: 'user' | 'workspace';
  baseUrl: string | null;
  hint: string;
  models: string[];
  validatedAt: string;
}

export interface AiSettings {
  defaultModel: string | null;
  fallbackModels: string[];
  monthlyBudgetUsd: number | null;
  hardLimit: boolean;
}

interface Totals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface AiUsage {
  month: string;
  totals: Totals;
  byModel: (Totals & { provider: string; model: string; priced: boolean })[];
  byUser: (Totals & { userId: string })[];
  byDay: (Totals & { day: string })[];
  budgets: Record<'workspace' | 'user', { budgetUsd: number | null; spentUsd: number; hardLimit: boolean; exceeded: boolean }>;
}

export const fetchProviders = () => api<{ providers: AiProvider[] }>('/api/ai/providers');
export const fetchKeys = () => api<{ keys: AiKey[] }>('/api/ai/keys');
export const addKey = (body: { provider: string; apiKey: string; baseUrl?: string; scope: 'user' | 'workspace'; label?: string }) => api<AiKey>('/api/ai/keys', { method: 'POST', body });
export const removeKey = (id: string) => api<void>(`/api/ai/keys/${id}`, { method: 'DELETE' });
export const fetchModels = () => api<{ models: { ref: string; provider: string; model: string }[]; chain: string[] }>('/api/ai/models');
export const fetchAiSettings = (scope: 'user' | 'workspace') => api<AiSettings>(`/api/ai/settings?scope=${scope}`);
export const saveAiSettings = (scope: 'user' | 'workspace', body: AiSettings) => api<AiSettings>(`/api/ai/settings?scope=${scope}`, { method: 'PUT', body });
export const fetchUsage = (month?: string) => api<AiUsage>(`/api/ai/usage${month ? `?month=${month}` : ''}`);
