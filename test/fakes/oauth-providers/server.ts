import Fastify, { type FastifyRequest } from 'fastify';
import { fakeGoogleIdToken } from '../kit/oauth-endpoints.js';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  provider: string;
  kind: 'token' | 'revoke';
  method: string;
  url: string;
  contentType: string | undefined;
  authorization: string | undefined;
  accept: string | undefined;
  body: Record<string, string>;
}

/**
 * Token and revocation endpoints of each provider, shaped as their OAuth docs publish them:
 * Google/Box/Asana/Zoom/Dropbox/Microsoft standard JSON; Slack `{ ok, access_token, team }` (errors in HTTP
 * 200); GitHub JSON only with `Accept: application/json`, errors in HTTP 200; Notion JSON body with Basic
 * client auth and `workspace_name`; Zoom Basic client auth; Slack auth.revoke `{ ok: true }`; GitHub DELETE
 * /applications/{client_id}/token → 204; Trello DELETE /1/tokens/{token}. Google's token answer carries an
 * OpenID Connect ID token (the consent asks for `openid email`) for `pilot@example.com`; Microsoft
 * Graph's `GET /graph/me` answers the signed-in user (`mail`, `userPrincipalName`).
 * `/<provider>/token?fail=<error>` style switches come from the `failNext` map.
 */
export async function startOAuthProvidersFake() {
  const calls: RecordedCall[] = [];
  const failNext = new Map<string, string>();
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, b, done) => done(null, Object.fromEntries(new URLSearchParams(String(b)))));
  const record = (provider: string, kind: RecordedCall['kind'], req: FastifyRequest) =>
    calls.push({
      provider,
      kind,
      method: req.method,
      url: req.url,
      contentType: req.headers['content-type']?.split(';')[0],
      authorization: req.headers.authorization,
      accept: req.headers.accept,
      body: (req.body ?? {}) as Record<string, string>,
    });
  let n = 0;
  const standard = () => ({ access_token: `at-${++n}`, token_type: 'Bearer', expires_in: 3600, refresh_token: `rt-${n}`, scope: 'a b' });
  const graphUser = { email: 'pilot@contoso.com' };

  app.post('/:provider/token', async (req, reply) => {
    const provider = (req.params as { provider: string }).provider;
    record(provider, 'token', req);
    const fail = failNext.get(provider);
    failNext.delete(provider);
    switch (provider) {
      case 'google': {
        if (fail) return reply.code(400).send({ error: fail, error_description: `${provider} says no` });
        const body = (req.body ?? {}) as Record<string, string>;
        // Code exchanges only: Google sends no new ID token on refresh unless asked again.
        return body['grant_type'] === 'authorization_code' ? { ...standard(), id_token: fakeGoogleIdToken({ aud: body['client_id'] ?? '', email: 'pilot@example.com', hd: 'example.com' }) } : standard();
      }
      case 'slack':
        if (fail) return { ok: false, error: fail };
        return { ok: true, access_token: `xoxb-${++n}`, token_type: 'bot', scope: 'chat:write,channels:read', bot_user_id: 'U0BOT', team: { id: 'T1', name: 'Acme' }, authed_user: { id: 'U1' } };
      case 'github':
        if (req.headers.accept !== 'application/json') return reply.type('application/x-www-form-urlencoded').send(`access_token=gho_${++n}&scope=repo&token_type=bearer`);
        if (fail) return { error: fail, error_description: 'The code passed is incorrect or expired.', error_uri: 'https://docs.github.com' };
        return { access_token: `gho_${++n}`, token_type: 'bearer', scope: 'repo,read:user' };
      case 'notion':
        if (!req.headers.authorization?.startsWith('Basic ') || req.headers['content-type'] !== 'application/json') return reply.code(401).send({ error: 'invalid_client' });
        return { access_token: `secret_${++n}`, token_type: 'bearer', bot_id: 'bot-1', workspace_name: 'Acme Wiki', workspace_id: 'ws-n', owner: { type: 'user' } };
      case 'zoom':
        if (!req.headers.authorization?.startsWith('Basic ')) return reply.code(401).send({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
        return standard();
      default:
        if (fail) return reply.code(400).send({ error: fail, error_description: `${provider} says no` });
        return standard();
    }
  });
  app.get('/graph/me', async (req, reply) => {
    if (!req.headers.authorization?.startsWith('Bearer ')) return reply.code(401).send({ error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    return { id: 'u-pilot', displayName: 'Pilot', mail: graphUser.email, userPrincipalName: graphUser.email };
  });
  app.post('/:provider/revoke', async (req) => {
    const provider = (req.params as { provider: string }).provider;
    record(provider, 'revoke', req);
    return provider === 'slack' ? { ok: true, revoked: true } : {};
  });
  app.delete('/github-api/applications/:client/token', async (req, reply) => {
    record('github', 'revoke', req);
    return reply.code(204).send();
  });
  app.delete('/trello-api/tokens/:token', async (req) => {
    record('trello', 'revoke', req);
    return { _value: null };
  });
  app.post('/slack-api/auth.revoke', async (req) => {
    record('slack', 'revoke', req);
    return { ok: true, revoked: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return { url, calls, failNext, close: () => app.close() };
}
