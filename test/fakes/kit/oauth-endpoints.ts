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

export function fakeOAuthEndpoints(prefix: string, fixedToken: string): FakeOAuthEndpoints {
  const codes = new Set<string>();
  const refreshTokens = new Set<string>();
  const accessTokens = new Set<string>();
  let n = 0;
  const issue = () => {
    n++;
    const at = `${prefix}-at-${n}`;
    const rt = `${prefix}-rt-${n}`;
    accessTokens.add(at);
    refreshTokens.add(rt);
    return { access_token: at, token_type: 'Bearer', expires_in: endpoints.expiresIn, refresh_token: rt, scope: 'files.read' };
  };
  const endpoints: FakeOAuthEndpoints = {
    expiresIn: 3600,
    grants: [],
    accepts: (authorization) => authorization === `Bearer ${fixedToken}` || (authorization?.startsWith('Bearer ') === true && accessTokens.has(authorization.slice(7))),
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
        codes.add(code);
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
        if (body['grant_type'] === 'authorization_code' && body['code'] && codes.delete(body['code'])) sendJson(res, 200, issue());
        else if (body['grant_type'] === 'refresh_token' && body['refresh_token'] && refreshTokens.delete(body['refresh_token'])) sendJson(res, 200, issue());
        else sendJson(res, 400, { error: 'invalid_grant', error_description: 'The code or refresh token is invalid.' });
        return true;
      }
      return false;
    },
  };
  return endpoints;
}
