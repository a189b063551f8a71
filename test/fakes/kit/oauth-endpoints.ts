import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-server.js';

/**
 * The OAuth 2.0 side of a provider fake (RFC 6749 authorization code + refresh): `GET /oauth2/authorize`
 * consents at once and redirects back with a code and the state; `POST /oauth2/token` exchanges a code or
 * a refresh token (form-encoded) for a bearer token the fake's API accepts. The fixed token of the fake
 * stays accepted, so tests that hand it over directly keep working.
 */
export interface FakeOAuthEndpoints {
  /** Answers the request when it is an OAuth endpoint; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  accepts(authorization: string | undefined): boolean;
  /**
   * The account that signs in at the next consent (its tokens stay its own, so a test can connect two
   * people in turn). The fake's fixed token belongs to the account set when it is used.
   */
  account: string;
  /** The account an `Authorization: Bearer ...` header's token was issued to. */
  accountOf(authorization: string | undefined): string | undefined;
  /** `expires_in` of issued tokens, seconds (short values make Atom refresh before each call). */
  expiresIn: number;
  /** Grant types seen at the token endpoint, in order. */
  grants: string[];
  /** Forgets every issued access token (as if they expired early); refresh tokens still work. */
  expireAccessTokens(): void;
}

const readForm = async (req: IncomingMessage): Promise<Record<string, string>> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
};

/**
 * An OpenID Connect ID token as Google's token endpoint returns it when the consent asked for `openid`
 * (claims per developers.google.com/identity/openid-connect: iss, aud, sub, email, email_verified, and
 * `hd` for Google Workspace accounts). Atom receives it straight from the token endpoint over TLS, so
 * (OIDC Core 3.1.3.7) the signature here is a placeholder.
 */
export function fakeGoogleIdToken(claims: { aud: string; email: string; emailVerified?: boolean; hd?: string | undefined }): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: 'https://accounts.google.com',
    azp: claims.aud,
    aud: claims.aud,
    sub: `sub-${claims.email}`,
    email: claims.email,
    email_verified: claims.emailVerified ?? true,
    ...(claims.hd ? { hd: claims.hd } : {}),
    iat: now,
    exp: now + 3600,
  };
  return `${part({ alg: 'RS256', kid: 'fake', typ: 'JWT' })}.${part(payload)}.${Buffer.from('fake-signature').toString('base64url')}`;
}

export interface FakeOAuthOptions {
  /** The account signing in (default `alice@example.com`). */
  account?: string;
  /** Add a Google-style ID token to code exchanges whose consent asked for `openid`. */
  googleIdToken?: boolean;
}

export function fakeOAuthEndpoints(prefix: string, fixedToken: string, options: FakeOAuthOptions = {}): FakeOAuthEndpoints {
  const codes = new Map<string, { account: string; scope: string; clientId: string }>();
  const refreshTokens = new Map<string, string>();
  const accessTokens = new Map<string, string>();
  let n = 0;
  const issue = (account: string) => {
    n++;
    const at = `${prefix}-at-${n}`;
    const rt = `${prefix}-rt-${n}`;
    accessTokens.set(at, account);
    refreshTokens.set(rt, account);
    return { access_token: at, token_type: 'Bearer', expires_in: endpoints.expiresIn, refresh_token: rt, scope: 'files.read' };
  };
  // Google's Workspace accounts carry `hd`; consumer (gmail.com) accounts do not.
  const hostedDomain = (email: string) => {
    const domain = email.split('@')[1];
    return domain && domain !== 'gmail.com' ? domain : undefined;
  };
  const endpoints: FakeOAuthEndpoints = {
    expiresIn: 3600,
    grants: [],
    account: options.account ?? 'alice@example.com',
    accepts: (authorization) => endpoints.accountOf(authorization) !== undefined,
    accountOf: (authorization) => {
      if (!authorization?.startsWith('Bearer ')) return undefined;
      const token = authorization.slice(7);
      return token === fixedToken ? endpoints.account : accessTokens.get(token);
    },
    expireAccessTokens: () => accessTokens.clear(),
    async handle(req, res, url) {
      if (url.pathname === '/oauth2/authorize' && req.method === 'GET') {
        const redirect = url.searchParams.get('redirect_uri');
        const state = url.searchParams.get('state');
        if (!redirect || !state || url.searchParams.get('response_type') !== 'code') {
          sendJson(res, 400, { error: 'invalid_request' });
          return true;
        }
        const code = `${prefix}-code-${++n}`;
        codes.set(code, { account: endpoints.account, scope: url.searchParams.get('scope') ?? '', clientId: url.searchParams.get('client_id') ?? '' });
        const back = new URL(redirect);
        back.searchParams.set('code', code);
        back.searchParams.set('state', state);
        res.writeHead(302, { location: back.toString() });
        res.end();
        return true;
      }
      if (url.pathname === '/oauth2/token' && req.method === 'POST') {
        const body = await readForm(req);
        endpoints.grants.push(body['grant_type'] ?? '');
        const consent = body['grant_type'] === 'authorization_code' && body['code'] ? codes.get(body['code']) : undefined;
        const refreshed = body['grant_type'] === 'refresh_token' && body['refresh_token'] ? refreshTokens.get(body['refresh_token']) : undefined;
        if (consent) {
          codes.delete(body['code']!);
          const idToken = options.googleIdToken && consent.scope.split(' ').includes('openid') ? { id_token: fakeGoogleIdToken({ aud: consent.clientId, email: consent.account, hd: hostedDomain(consent.account) }) } : {};
          sendJson(res, 200, { ...issue(consent.account), ...idToken });
        } else if (refreshed) {
          refreshTokens.delete(body['refresh_token']!);
          sendJson(res, 200, issue(refreshed));
        } else sendJson(res, 400, { error: 'invalid_grant', error_description: 'The code or refresh token is invalid.' });
        return true;
      }
      return false;
    },
  };
  return endpoints;
}
