import { api } from '../../lib/api';

/** What an MCP client asks for (GET /api/oauth/authorization). */
export interface AuthorizationAsk {
  client: { id: string; name: string };
  redirectUri: string;
  resource: string;
  workspaces: { id: string; name: string; role: string; permissions: string[] }[];
}

/** An MCP client the person authorized (GET /api/oauth/grants). */
export interface OAuthGrant {
  id: string;
  clientId: string;
  clientName: string;
  role: string;
  resource: string;
  createdAt: string;
  lastUsedAt: string | null;
  refreshExpiresAt: string;
}

export const fetchAuthorization = (query: string) => api<AuthorizationAsk>(`/api/oauth/authorization?${query}`);

export const decideAuthorization = (params: Record<string, string>, decision: { approve: boolean; workspaceId?: string; role?: string }) =>
  api<{ redirectTo: string }>('/api/oauth/authorization', { method: 'POST', body: { ...params, ...decision } });

export const fetchGrants = () => api<{ grants: OAuthGrant[] }>('/api/oauth/grants').then((r) => r.grants);
export const revokeGrant = (id: string) => api(`/api/oauth/grants/${encodeURIComponent(id)}`, { method: 'DELETE' });
