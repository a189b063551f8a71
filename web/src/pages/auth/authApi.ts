import type { Me, SignInProviders } from '../../../../src/shared/auth';
import { api, ApiError, setCsrfToken } from '../../lib/api';

export type { Me };

export type Providers = SignInProviders;

export const ME_QUERY_KEY = ['auth', 'me'] as const;

/** The signed-in caller, or null when the session is missing or over (401). Keeps the CSRF token current. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/api/auth/me');
    setCsrfToken(me.csrfToken ?? undefined);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw e;
  }
}

const remember = (me: Me): Me => {
  setCsrfToken(me.csrfToken ?? undefined);
  return me;
};

export const fetchProviders = () => api<Providers>('/api/auth/providers');

export const signIn = async (email: string, password: string) =>
  remember(await api<Me>('/api/auth/login', { method: 'POST', body: { email, password } }));

export const signUp = async (input: { email: string; password: string; name: string; invitation?: string }) =>
  remember(await api<Me>('/api/auth/signup', { method: 'POST', body: input }));

/**
 * Forgets what this browser kept of the signed-in person: the service worker's cache of API answers
 * (kept for offline use) must not outlive the session on a shared device.
 */
export async function forgetCachedData(): Promise<void> {
  setCsrfToken(undefined);
  if (typeof caches !== 'undefined') await caches.delete('atom-api').catch(() => false);
}

export async function signOut(): Promise<void> {
  try {
    await api('/api/auth/logout', { method: 'POST' });
  } finally {
    await forgetCachedData();
  }
}

export const lookupInvitation = (token: string) =>
  api<{ workspaceName: string; email: string | null; role: string; expiresAt: string }>('/api/auth/invitations/lookup', {
    method: 'POST',
    body: { token },
  });

export const acceptInvitation = (token: string) =>
  api<{ id: string; name: string; role: string }>('/api/auth/invitations/accept', { method: 'POST', body: { token } });

export const switchWorkspace = (workspaceId: string) =>
  api<{ id: string; name: string; role: string }>('/api/workspaces/switch', { method: 'POST', body: { workspaceId } });

/** Where to go after signing in: the `next` the gate put in the URL, only if it is a path of this app. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Messages for the `error` the SSO callback puts on /sign-in. */
export const ssoErrors: Record<string, string> = {
  sso_failed: 'Single sign-on did not complete. Try again.',
  sso_expired: 'The single sign-on attempt took too long. Try again.',
  sso_denied: 'The identity provider did not sign you in.',
  sso_no_email: 'The identity provider did not share your email address.',
  sso_email_unverified: 'An account with this email exists, but the provider has not verified the email. Sign in with your password.',
  sso_signup_invite_only: 'This server needs an invitation before your first sign-in. Ask an administrator.',
};
