import { describe, expect, it } from 'vitest';
import { fakeGoogleIdToken } from '../../../test/fakes/kit/oauth-endpoints.js';
import type { ResolvedService } from '../settings.js';
import { readVerifiedIdentity } from './identity.js';
import type { TokenSet } from './token-response.js';

const svc = (provider: string, apiBaseUrl = 'https://graph.example') => ({ provider, apiBaseUrl }) as ResolvedService;
const set = (idToken?: string): TokenSet => ({ accessToken: 'at', refreshToken: undefined, tokenType: 'Bearer', expiresAt: undefined, scopes: undefined, extra: {}, accountLabel: undefined, idToken });
const options = { clientId: 'atom', timeoutMs: 1000 };

describe('the account identity a provider vouches for', () => {
  it('Google: the ID token email only when verified, for our client, with hd as the domain', async () => {
    expect(await readVerifiedIdentity(svc('google'), set(fakeGoogleIdToken({ aud: 'atom', email: 'Ann@Example.com', hd: 'example.com' })), options)).toEqual({ email: 'ann@example.com', domain: 'example.com' });
    expect(await readVerifiedIdentity(svc('google'), set(fakeGoogleIdToken({ aud: 'atom', email: 'ann@gmail.com' })), options)).toEqual({ email: 'ann@gmail.com', domain: null });
    expect(await readVerifiedIdentity(svc('google'), set(fakeGoogleIdToken({ aud: 'atom', email: 'ann@example.com', emailVerified: false })), options)).toBeNull();
    expect(await readVerifiedIdentity(svc('google'), set(fakeGoogleIdToken({ aud: 'someone-else', email: 'ann@example.com' })), options)).toBeNull();
    expect(await readVerifiedIdentity(svc('google'), set('not.a-jwt'), options)).toBeNull();
    expect(await readVerifiedIdentity(svc('google'), set(), options)).toBeNull();
  });

  it("Microsoft: Graph /me's mail, the user principal name's domain (none for guests)", async () => {
    const answer = (body: unknown, status = 200): typeof fetch => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    expect(await readVerifiedIdentity(svc('microsoft'), set(), { ...options, fetch: answer({ mail: 'Bo@Contoso.com', userPrincipalName: 'bo@contoso.com' }) })).toEqual({ email: 'bo@contoso.com', domain: 'contoso.com' });
    expect(await readVerifiedIdentity(svc('microsoft'), set(), { ...options, fetch: answer({ mail: null, userPrincipalName: 'bo@contoso.com' }) })).toEqual({ email: 'bo@contoso.com', domain: 'contoso.com' });
    expect(await readVerifiedIdentity(svc('microsoft'), set(), { ...options, fetch: answer({ mail: 'bo@gmail.com', userPrincipalName: 'bo_gmail.com#EXT#@contoso.onmicrosoft.com' }) })).toEqual({ email: 'bo@gmail.com', domain: null });
    expect(await readVerifiedIdentity(svc('microsoft'), set(), { ...options, fetch: answer({ error: { code: 'InvalidAuthenticationToken' } }, 401) })).toBeNull();
  });

  it('other providers vouch for nobody', async () => {
    expect(await readVerifiedIdentity(svc('slack'), set(fakeGoogleIdToken({ aud: 'atom', email: 'ann@example.com' })), options)).toBeNull();
  });
});
