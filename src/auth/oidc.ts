import * as client from 'openid-client';
import { AppError, perContext, type AppContext } from '../platform/index.js';

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string | undefined;
  scopes: string;
}

/** The OpenID Connect provider configured by ATOM_OIDC_*, or undefined when SSO is off. */
export function oidcSettings(ctx: AppContext): OidcSettings | undefined {
  const { ATOM_OIDC_ISSUER: issuer, ATOM_OIDC_CLIENT_ID: clientId, ATOM_OIDC_CLIENT_SECRET: secret, ATOM_OIDC_SCOPES: scopes } = ctx.config;
  if (!issuer || !clientId) return undefined;
  return { issuer: new URL(issuer), clientId, clientSecret: secret, scopes };
}

// The discovery under way or done for a context (cleared when it failed, so the next sign-in tries again).
const discovered = perContext((): { found?: Promise<client.Configuration> | undefined } => ({}));

/** The provider's metadata, discovered once per process (retried on the next sign-in after a failure). */
export function oidcConfiguration(ctx: AppContext, settings: OidcSettings): Promise<client.Configuration> {
  const state = discovered(ctx);
  let found = state.found;
  if (!found) {
    // Plain http is only accepted for a provider on this machine (development and tests).
    const local = settings.issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(settings.issuer.hostname);
    found = client
      .discovery(
        settings.issuer,
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret ? undefined : client.None(),
        local ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
      )
      .catch((err: unknown) => {
        if (state.found === found) state.found = undefined;
        throw new AppError('auth.oidc.unavailable', 'The single sign-on provider could not be reached.', { status: 502, cause: err });
      });
    state.found = found;
  }
  return found;
}

export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

/** A new authorization request with PKCE (S256), state and nonce. */
export async function beginOidcFlow(config: client.Configuration, settings: OidcSettings, redirectUri: string, returnTo: string) {
  const flow: OidcFlow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), returnTo };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: settings.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  return { flow, url: url.href };
}

export interface OidcUser {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
}

/** Exchanges the code (checking state, nonce and PKCE) and reads who signed in. */
export async function completeOidcFlow(config: client.Configuration, callbackUrl: URL, flow: OidcFlow): Promise<OidcUser> {
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('the provider returned no ID token');
  let email = typeof claims['email'] === 'string' ? claims['email'] : undefined;
  let verified = claims['email_verified'] === true;
  let name = typeof claims['name'] === 'string' ? claims['name'] : undefined;
  if (!email) {
    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    email = typeof info.email === 'string' ? info.email : undefined;
    verified = info.email_verified === true;
    name ??= typeof info.name === 'string' ? info.name : undefined;
  }
  return { issuer: config.serverMetadata().issuer, subject: claims.sub, email: email?.trim().toLowerCase(), emailVerified: verified, name };
}

export const encodeFlow = (flow: OidcFlow): string => Buffer.from(JSON.stringify(flow)).toString('base64url');

export function decodeFlow(value: string | undefined): OidcFlow | undefined {
  if (!value) return undefined;
  try {
    const v = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<OidcFlow>;
    if (typeof v.state === 'string' && typeof v.nonce === 'string' && typeof v.verifier === 'string' && typeof v.returnTo === 'string') {
      return { state: v.state, nonce: v.nonce, verifier: v.verifier, returnTo: v.returnTo };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Only paths of this app: never an absolute or protocol-relative URL (no open redirect). */
export const safeReturnTo = (value: string | undefined): string =>
  value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
