import type { ConnectionDetail, ConnectionHealthView as Health, ConnectionList, ConnectionStatus, ConnectionView as Connection } from '../../../../src/shared/connections';
import { api } from '../../lib/api';

export interface PieceSummary {
  id: string;
  title: string;
  description: string;
}

export interface ServiceSummary {
  id: string;
  name: string;
  category: string;
  description: string;
  homepage: string;
  apiDocs: string;
  authKind: 'oauth2' | 'oauth1' | 'api_key' | 'basic' | 'server' | 'none';
  connectable: boolean;
  catalogOnly: boolean;
  actions: PieceSummary[];
  triggers: PieceSummary[];
}

export interface ServiceDetail extends ServiceSummary {
  apiBaseUrl: string;
  oauth?: { authorizeUrl: string; tokenUrl: string; scopes: string[]; writeScopes: string[]; configured: boolean; appKey: string; askAdmins: { name: string; email: string }[] };
  apiKey?: { placement: 'header' | 'query'; name: string; hint: string };
  basicHint?: string;
  /** Server services: their connect form, generated from the settings schema. */
  server?: { hint: string; fields: SettingsField[] };
}

export interface SettingsField {
  name: string;
  label: string;
  kind: 'text' | 'password' | 'secret_text' | 'number' | 'boolean' | 'select';
  required: boolean;
  default?: string | number | boolean;
  options?: string[];
  min?: number;
  max?: number;
}

export interface Catalog {
  items: ServiceSummary[];
  total: number;
  categories: { id: string; count: number }[];
}

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
