import type { ConnectionDetail, ConnectionHealthView as Health, ConnectionList, ConnectionStatus, ConnectionView as Connection } from '../../../../src/shared/connections';
import type { CatalogPage as Catalog, ServiceDetail, ServiceSummary, SettingsField } from '../../../../src/shared/integrations';
import { api } from '../../lib/api';

export type { Catalog, ServiceDetail, ServiceSummary, SettingsField };

export type { ConnectionDetail, ConnectionStatus, ConnectionView as Connection, ConnectionHealthView as Health } from '../../../../src/shared/connections';

export type PastedCredentials =
  | { apiKey: string }
  | { username: string; password: string }
  | { accessToken: string }
  | { apiKey: string; token: string }
  | { settings: Record<string, string | number | boolean> };

export const fetchCatalog = (params: { q?: string; category?: string; works?: boolean }) => {
  const qs = new URLSearchParams();
  if (params.works) qs.set('works', 'true');
  if (params.q) qs.set('q', params.q);
  if (params.category) qs.set('category', params.category);
  return api<Catalog>(`/api/integrations${qs.size ? `?${qs}` : ''}`);
};
export const fetchService = (id: string) => api<ServiceDetail>(`/api/integrations/${encodeURIComponent(id)}`);
export const fetchConnections = () => api<ConnectionList>('/api/connections');
export const fetchConnection = (id: string) => api<ConnectionDetail>(`/api/connections/${encodeURIComponent(id)}`);
export const checkConnection = (id: string) => api<Health>(`/api/connections/${encodeURIComponent(id)}/check`, { method: 'POST' });
export const deleteConnection = (id: string) => api<{ id: string; revocation: string }>(`/api/connections/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const createConnection = (body: { service: string; label?: string; personal?: boolean; credentials: PastedCredentials }) =>
  api<Connection>('/api/connections', { method: 'POST', body });
export const startOAuth = (service: string, body: { label?: string; personal?: boolean; returnTo?: string; access?: 'read' | 'write' }) =>
  api<{ authorizationUrl: string }>(`/api/connections/${encodeURIComponent(service)}/oauth/start`, { method: 'POST', body });

export const statusColor: Record<ConnectionStatus, string> = { healthy: 'green', degraded: 'yellow', expired: 'orange', revoked: 'gray', error: 'red' };
// Acronyms stay upper case ("CRM", not "Crm").
const acronyms: Record<string, string> = { crm: 'CRM', hr: 'HR', ai: 'AI' };
export const categoryLabel = (id: string) => acronyms[id] ?? id.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
/** "1 action", "3 triggers". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
