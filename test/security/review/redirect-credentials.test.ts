import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providerFetch } from '../../../src/ai/providers/outbound.js';
import { createOpenAiEmbedder } from '../../../src/memory/embed/openai.js';
import { createSourceHttp } from '../../../src/memory/sources/index.js';
import { createLogger } from '../../../src/platform/logging/index.js';
import { createGuardedFetch, createServiceClient } from '../../../src/platform/outbound/index.js';
import { workflowRuntime } from '../../../src/workflows/index.js';
import { signUpOwner } from '../../support/auth.js';
import { createTestApp } from '../../support/context.js';
import { httpRequestAction, type ActionContext, type ActionError } from '../../../src/workflows/actions/index.js';

/**
 * Low finding "redirects forward secret headers to another origin": a server Atom calls answers 302 to a
 * host of the attacker's choosing, and the credentials Atom sent (bearer token, cookie, API key header)
 * must not follow it there. Two local servers on different ports are two origins: `first` redirects,
 * `second` records the headers it received. A redirect within one origin keeps the credentials.
 */
const SECRET = 'sk-live-PAYROLL-0123456789';
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key', 'x-auth-token', 'private-token'];

describe('finding "redirects forward secret headers": credentials are dropped when a redirect changes origin', () => {
  let first: Server;
  let second: Server;
  let firstUrl: string;
  let secondUrl: string;
  let received: IncomingHttpHeaders[] = [];
  let firstHits: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    second = createServer((req, res) => {
      received.push(req.headers);
      if (req.url === '/embeddings') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[{"embedding":[0.6,0.8],"index":0}]}');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"at":"second"}');
    });
    first = createServer((req, res) => {
      firstHits.push(req.headers);
      const code = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('code') ?? 302);
      if (req.url?.startsWith('/cross')) return void res.writeHead(code, { location: `${secondUrl}/landing` }).end();
      if (req.url === '/embed/embeddings') return void res.writeHead(307, { location: `${secondUrl}/embeddings` }).end();
      if (req.url?.startsWith('/same')) return void res.writeHead(302, { location: '/final' }).end();
      if (req.url?.startsWith('/to-internal')) return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"at":"first"}');
    });
    await Promise.all([first, second].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
    firstUrl = `http://127.0.0.1:${(first.address() as AddressInfo).port}`;
    secondUrl = `http://127.0.0.1:${(second.address() as AddressInfo).port}`;
  });
  afterAll(() => Promise.all([first, second].map((s) => new Promise<void>((resolve) => s.close(() => resolve())))));
  beforeEach(() => {
    received = [];
    firstHits = [];
  });

  const expectNoCredentials = (headers: IncomingHttpHeaders | undefined) => {
    expect(headers, 'the second origin was reached').toBeDefined();
    for (const name of credentialHeaders) expect(headers?.[name], name).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain(SECRET);
  };

  const guarded = () => createGuardedFetch({ allow: ['127.0.0.1'] });
  const actionCtx = (): ActionContext => ({
    workspaceId: 'ws',
    runId: 'run',
    stepId: 'step',
    idempotencyKey: 'k',
    attempt: 1,
    signal: new AbortController().signal,
    logger: createLogger({ level: 'silent', pretty: 'false' }),
    dryRun: false,
    secret: async (name) => (name === 'PAYROLL_API_KEY' ? SECRET : undefined),
    log: () => undefined,
    fetch: guarded(),
  });
  const secretHeaders = { cookie: `session=${SECRET}`, 'x-api-key': SECRET, 'x-auth-token': SECRET, 'private-token': SECRET, 'proxy-authorization': `Basic ${SECRET}` };

  it.each([301, 302, 303, 307, 308])('core.http_request: a %i to another origin reaches it without Authorization, Cookie or API key headers', async (code) => {
    const input = httpRequestAction.input.parse({ url: `${firstUrl}/cross?code=${code}`, method: 'POST', body: { hello: 1 }, headers: { ...secretHeaders, accept: 'application/json' }, bearerSecret: 'PAYROLL_API_KEY', timeoutMs: 3000 });
    const out = await httpRequestAction.run(actionCtx(), input);
    expect(out.body).toEqual({ at: 'second' });
    expect(firstHits[0]?.authorization).toBe(`Bearer ${SECRET}`);
    expect(firstHits[0]?.['x-api-key']).toBe(SECRET);
    expectNoCredentials(received[0]);
    // Harmless negotiation headers still go along.
    expect(received[0]?.accept).toBe('application/json');
  });

  it('core.http_request: a redirect within the same origin keeps the credentials', async () => {
    const input = httpRequestAction.input.parse({ url: `${firstUrl}/same`, headers: { 'x-api-key': SECRET }, bearerSecret: 'PAYROLL_API_KEY', timeoutMs: 3000 });
    const out = await httpRequestAction.run(actionCtx(), input);
    expect(out.body).toEqual({ at: 'first' });
    expect(firstHits).toHaveLength(2);
    expect(firstHits[1]?.authorization).toBe(`Bearer ${SECRET}`);
    expect(firstHits[1]?.['x-api-key']).toBe(SECRET);
  });

  it('core.http_request: every hop goes through the SSRF guard again', async () => {
    const input = httpRequestAction.input.parse({ url: `${firstUrl}/to-internal`, bearerSecret: 'PAYROLL_API_KEY', timeoutMs: 3000 });
    const err = await httpRequestAction.run(actionCtx(), input).then(() => undefined, (e: unknown) => e);
    expect((err as ActionError).code).toBe('workflows.http.blocked_address');
  });

  // Integration clients sign calls with the connection's credentials (Bearer, or an API key header such as
  // X-Api-Key); the client follows redirects, with the plain fetch of admin-configured base URLs or the guard.
  it.each([
    ['the plain fetch', () => undefined],
    ['the SSRF-guarded fetch', guarded],
  ])('integration client over %s: the connection credentials stay with the first origin', async (_label, fetchOf) => {
    const fetch = fetchOf();
    const client = createServiceClient({
      service: { id: 'acme', name: 'Acme' },
      baseUrl: firstUrl,
      timeoutMs: 3000,
      retry: { maxAttempts: 1 },
      ...(fetch ? { fetch } : {}),
      credentials: {
        apply(headers) {
          headers.set('authorization', `Bearer ${SECRET}`);
          headers.set('x-api-key', SECRET);
        },
      },
    });
    const res = await client.request({ path: '/cross', headers: { cookie: `s=${SECRET}` } });
    expect(res.body).toEqual({ at: 'second' });
    expect(firstHits[0]?.['x-api-key']).toBe(SECRET);
    expectNoCredentials(received[0]);
  });

  it('integration client over the guard: a redirect to an internal address is refused', async () => {
    const client = createServiceClient({ service: { id: 'acme', name: 'Acme' }, baseUrl: firstUrl, timeoutMs: 3000, retry: { maxAttempts: 1 }, fetch: guarded() });
    await expect(client.request({ path: '/to-internal' })).rejects.toMatchObject({ code: 'integrations.http.blocked_address' });
  });

  it.each([
    ['the plain fetch', () => undefined],
    ['the SSRF-guarded fetch', guarded],
  ])('memory source HTTP over %s: the bearer token stays with the source API', async (_label, fetchOf) => {
    const fetch = fetchOf();
    const http = createSourceHttp({ baseUrl: firstUrl, accessToken: async () => SECRET, maxAttempts: 1, fetch: fetch ?? ((url, init) => globalThis.fetch(url, init)) });
    expect(await http.json('/cross')).toEqual({ at: 'second' });
    expect(firstHits[0]?.authorization).toBe(`Bearer ${SECRET}`);
    expectNoCredentials(received[0]);
    received = [];
    // A download redirect (Graph's 302 to a pre-authenticated URL) goes without the token too.
    await http.bytes('/cross', true);
    expectNoCredentials(received[0]);
  });

  it('model provider fetch: the API key header stays with the provider', async () => {
    const fetch = providerFetch(['127.0.0.1']);
    const res = await fetch(`${firstUrl}/cross?code=307`, { method: 'POST', headers: { 'x-api-key': SECRET, 'x-goog-api-key': SECRET, authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' }, body: '{}' });
    expect(await res.json()).toEqual({ at: 'second' });
    expectNoCredentials(received[0]);
    expect(received[0]?.['x-goog-api-key']).toBeUndefined();
  });

  it('memory embeddings (OpenAI-compatible endpoint): the API key stays with the endpoint', async () => {
    const embedder = createOpenAiEmbedder({ baseUrl: `${firstUrl}/embed`, apiKey: SECRET, model: 'text-embedding-3-small', dimensions: 2, maxRetries: 0 });
    const [vector] = await embedder.embed(['hello']);
    expect(vector?.length).toBe(2);
    expect(firstHits[0]?.authorization).toBe(`Bearer ${SECRET}`);
    expectNoCredentials(received[0]);
  });

  // The same attack end to end: an author's HTTP step sends a workspace secret; the API it calls redirects to
  // another origin. Redirect handling never touches the database, so SQLite is enough.
  it('a workflow HTTP step run from its webhook: the secret header reaches the API it was written for, not the redirect target', { timeout: 60_000 }, async () => {
    const t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_JOBS_POLL_INTERVAL_MS: '20' });
    try {
      workflowRuntime(t.ctx).startWorkers();
      const owner = await signUpOwner(t.app);
      const put = await t.app.inject({ method: 'PUT', url: '/api/workflows/secrets/PAYROLL_API_KEY', headers: owner.bearer, payload: { value: SECRET } });
      expect(put.statusCode, put.body).toBe(200);
      const definition = {
        trigger: { type: 'webhook', methods: ['POST'], respond: 'when_finished' },
        steps: [{ id: 'call', type: 'http', input: { method: 'GET', url: `${firstUrl}/cross`, headers: { authorization: 'Bearer {{ secrets.PAYROLL_API_KEY }}', 'x-api-key': '{{ secrets.PAYROLL_API_KEY }}' } } }],
      };
      const created = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'redirected', definition } });
      expect(created.statusCode, created.body).toBe(201);
      const act = await t.app.inject({ method: 'POST', url: `/api/workflows/${created.json<{ id: string }>().id}/activate`, headers: owner.bearer, payload: {} });
      expect(act.statusCode, act.body).toBe(200);
      const res = await t.app.inject({ method: 'POST', url: act.json<{ webhook: { url: string } }>().webhook.url, payload: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'succeeded' });
      expect(firstHits[0]?.authorization).toBe(`Bearer ${SECRET}`);
      expect(firstHits[0]?.['x-api-key']).toBe(SECRET);
      expectNoCredentials(received[0]);
    } finally {
      await t.cleanup();
    }
  });
});
