import type { AuthorizationAsk, AuthorizationDecision, OAuthGrant, OAuthGrantList } from '../../../../src/shared/oauth';
import { api } from '../../lib/api';

export type { AuthorizationAsk, OAuthGrant };

export const fetchAuthorization = (query: string) => api<AuthorizationAsk>(`/api/oauth/authorization?${query}`);

export const decideAuthorization = (params: Record<string, string>, decision: { approve: boolean; workspaceId?: string; role?: string }) =>
  api<AuthorizationDecision>('/api/oauth/authorization', { method: 'POST', body: { ...params, ...decision } });

export const fetchGrants = () => api<OAuthGrantList>('/api/oauth/grants').then((r) => r.grants);
export const revokeGrant = (id: string) => api(`/api/oauth/grants/${encodeURIComponent(id)}`, { method: 'DELETE' });
