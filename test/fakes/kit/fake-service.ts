import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';

/** A failure to inject into the next matching request, as the real service would answer. */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; path?: RegExp }
  | { kind: 'hang'; path?: RegExp }
  | { kind: 'drop'; path?: RegExp }
  | { kind: 'expire-token'; path?: RegExp };

export interface FakeService {
  url: string;
  app: FastifyInstance;
  /** Access tokens the fake accepts right now. */
  tokens: Set<string>;
  refreshTokens: Set<string>;
  requests: { method: string; path: string; headers: FastifyRequest['headers']; body: unknown }[];
  tokenRequests: Record<string, string>[];
  faults: Fault[];
  inject(...f: Fault[]): void;
  /** A fresh access token the fake accepts. */
  issue(): string;
  /** Makes the fake reject every token it issued so far (as if they expired). */
  expireAll(): void;
  close(): Promise<void>;
}

export interface FakeOptions {
  /** The body and status the service answers an invalid or expired token with (per its docs). */
  unauthorized: (reply: FastifyReply) => FastifyReply;
  /** Token endpoint path and answer shape (standard RFC 6749 by default). */
  tokenPath?: string;
  tokenAnswer?: (accessToken: string, refreshToken: string) => unknown;
  /** Paths that need no token (besides the token endpoint). */
  publicPaths?: RegExp;
  /** Where the access token is read from (Authorization: Bearer by default). */
  readToken?: (req: FastifyRequest) => string | undefined;
  routes: (app: FastifyInstance, fake: FakeService) => void;
}

/**
 * The shared skeleton of every service fake: token checking, a token endpoint for refreshes, a request log
 * and fault injection (status with headers such as Retry-After, hang, dropped connection, expired token).
 * Each service's folder adds the routes and error shapes of its published API.
 */
export async function startFakeService(o: FakeOptions): Promise<FakeService> {
  // Close destroys every socket: a 'hang' fault leaves a request that never ends, which would hold close().
  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024, forceCloseConnections: true });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  let n = 0;
  const tokenPath = o.tokenPath ?? '/oauth/token';
  const fake: FakeService = {
    url: '',
    app,
    tokens: new Set(),
    refreshTokens: new Set(['refresh-1']),
    requests: [],
    tokenRequests: [],
    faults: [],
    inject: (...f) => void fake.faults.push(...f),
    issue() {
      const t = `tok-${++n}-${Math.random().toString(36).slice(2, 8)}`;
      fake.tokens.add(t);
      return t;
    },
    expireAll: () => fake.tokens.clear(),
    close: () => app.close(),
  };
  const readToken = o.readToken ?? ((req: FastifyRequest) => /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]);

  app.addHook('preHandler', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (path === tokenPath) return;
    fake.requests.push({ method: req.method, path: req.url, headers: req.headers, body: req.body });
    const i = fake.faults.findIndex((f) => !f.path || f.path.test(path));
    if (i >= 0) {
      const f = fake.faults.splice(i, 1)[0]!;
      if (f.kind === 'hang') return new Promise<never>(() => undefined);
      if (f.kind === 'drop') {
        req.raw.socket.destroy();
        return reply;
      }
      if (f.kind === 'expire-token') fake.expireAll();
      if (f.kind === 'status') return reply.code(f.status).headers(f.headers ?? {}).send(f.body ?? '');
    }
    if (o.publicPaths?.test(path)) return;
    const token = readToken(req);
    if (!token || !fake.tokens.has(token)) return o.unauthorized(reply);
  });

  app.post(tokenPath, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, string>;
    fake.tokenRequests.push(body);
    if (body['grant_type'] === 'refresh_token' && body['refresh_token'] && fake.refreshTokens.has(body['refresh_token'])) {
      const access = fake.issue();
      return reply.send(o.tokenAnswer ? o.tokenAnswer(access, body['refresh_token']) : { access_token: access, token_type: 'Bearer', expires_in: 3600 });
    }
    return reply.code(400).send({ error: 'invalid_grant', error_description: 'Bad refresh token.' });
  });

  o.routes(app, fake);
  await app.listen({ port: 0, host: '127.0.0.1' });
  fake.url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return fake;
}

/** Pages a list the way offset/limit APIs do; returns the slice and the next offset (or undefined). */
export function pageOf<T>(items: T[], offset: number, limit: number): { page: T[]; next: number | undefined } {
  const page = items.slice(offset, offset + limit);
  return { page, next: offset + limit < items.length ? offset + limit : undefined };
}
