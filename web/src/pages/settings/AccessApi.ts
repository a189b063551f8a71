import type { ApiTokenView as ApiToken, CustomRoleView as CustomRole, InvitationView as Invitation, MemberView as Member, RoleCatalog, SessionView as Session } from '../../../../src/shared/auth';
import { api } from '../../lib/api';

export type { Member, Invitation, CustomRole, ApiToken, Session, RoleCatalog };

export const fetchMembers = () => api<{ members: Member[] }>('/api/members').then((r) => r.members);
export const changeRole = (userId: string, role: string) =>
  api<Member>(`/api/members/${encodeURIComponent(userId)}`, { method: 'PATCH', body: { role } });
export const removeMember = (userId: string) => api(`/api/members/${encodeURIComponent(userId)}`, { method: 'DELETE' });

export const fetchInvitations = () => api<{ invitations: Invitation[] }>('/api/invitations').then((r) => r.invitations);
export const createInvitation = (input: { email?: string; role: string; validDays: number }) =>
  api<{ invitation: Invitation; url: string }>('/api/invitations', { method: 'POST', body: input });
export const revokeInvitation = (id: string) => api(`/api/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const fetchRoles = () => api<RoleCatalog>('/api/roles');
export const createRole = (input: { name: string; description: string; permissions: string[] }) =>
  api<CustomRole>('/api/roles', { method: 'POST', body: input });
export const updateRole = (id: string, permissions: string[]) =>
  api<CustomRole>(`/api/roles/${encodeURIComponent(id)}`, { method: 'PATCH', body: { permissions } });
export const deleteRole = (id: string) => api(`/api/roles/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const fetchTokens = () => api<{ tokens: ApiToken[] }>('/api/tokens').then((r) => r.tokens);
export const createToken = (input: { name: string; role?: string; expiresInDays: number | null }) =>
  api<{ token: string; apiToken: ApiToken }>('/api/tokens', { method: 'POST', body: input });
export const deleteToken = (id: string) => api(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const fetchSessions = () => api<{ sessions: Session[] }>('/api/auth/sessions').then((r) => r.sessions);
export const endSession = (id: string) => api(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const endAllSessions = (keepCurrent: boolean) =>
  api<{ revoked: number }>('/api/auth/sessions/revoke-all', { method: 'POST', body: { keepCurrent } });

export const formatTime = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : '—');

export const renameMe = (name: string) => api<{ ok: true }>('/api/auth/me', { method: 'PATCH', body: { name } });
export const changePassword = (currentPassword: string, newPassword: string) =>
  api<{ ok: true; sessionsEnded: number; tokensRevoked: number }>('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
