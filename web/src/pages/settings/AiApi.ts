import type { AiKey, AiModelList, AiProvider, AiSettings, UsageReport as AiUsage } from '../../../../src/shared/ai';
import { api } from '../../lib/api';

export type { AiKey, AiProvider, AiSettings, AiUsage };

export const fetchProviders = () => api<{ providers: AiProvider[] }>('/api/ai/providers');
export const fetchKeys = () => api<{ keys: AiKey[] }>('/api/ai/keys');
export const addKey = (body: { provider: string; apiKey: string; baseUrl?: string; scope: 'user' | 'workspace'; label?: string }) => api<AiKey>('/api/ai/keys', { method: 'POST', body });
export const removeKey = (id: string) => api<void>(`/api/ai/keys/${id}`, { method: 'DELETE' });
export const fetchModels = () => api<AiModelList>('/api/ai/models');
export const fetchAiSettings = (scope: 'user' | 'workspace') => api<AiSettings>(`/api/ai/settings?scope=${scope}`);
export const saveAiSettings = (scope: 'user' | 'workspace', body: AiSettings) => api<AiSettings>(`/api/ai/settings?scope=${scope}`, { method: 'PUT', body });
export const fetchUsage = (month?: string) => api<AiUsage>(`/api/ai/usage${month ? `?month=${month}` : ''}`);
