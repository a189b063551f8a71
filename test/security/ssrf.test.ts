import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logging/index.js';
import { createGuardedFetch } from '../../src/platform/outbound/index.js';
import { ActionError, httpRequestAction, type ActionContext } from '../../src/workflows/actions/index.js';
import { createEngineHarness } from '../../src/workflows/engine/testing.js';

/**
 * SSRF through the workflow HTTP step (core.http_request): internal addresses in every spelling are
 * refused before any byte is sent, redirects to them too, and only ATOM_SSRF_ALLOW opens them.
 */
describe('SSRF through the workflow HTTP action', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(`${req.socket.localAddress} ${req.url}`);
      if (req.url === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (req.url === '/to-loopback') return void res.writeHead(307, { location: `http://127.0.0.1:${port}/secret` }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"secret":"internal"}');
    });
    // 127.0.0.2 stands in for an allow-listed LAN service; 127.0.0.1 for what must stay unreachable.
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ctx = (): ActionContext => ({
    workspaceId: 'ws',
    runId: 'run',
    stepId: 'step',
    idempotencyKey: 'k',
    attempt: 1,
    signal: new AbortController().signal,
    logger: createLogger({ level: 'silent', pretty: 'false' }),
    dryRun: false,
    secret: async () => undefined,
    log: () => undefined,
  });
  const call = async (url: string) => {
    const input = httpRequestAction.input.parse({ url, timeoutMs: 3000 });
    return httpRequestAction.run(ctx(), input).then(
      () => undefined,
      (e: unknown) => e,
    );
  };

  it.each([
    ['loopback', () => `http://127.0.0.1:${port}/`],
    ['a DNS name resolving to loopback', () => `http://localhost:${port}/`],
    ['IPv6 loopback', () => `http://[::1]:${port}/`],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${port}/`],
    ['decimal IPv4', () => `http://2130706433:${port}/`],
    ['octal IPv4', () => `http://0177.0.0.1:${port}/`],
    ['hex IPv4', () => `http://0x7f.0.0.1:${port}/`],
    ['short IPv4', () => `http://127.1:${port}/`],
    ['unspecified', () => `http://0.0.0.0:${port}/`],
    ['cloud metadata (link-local)', () => 'http://169.254.169.254/latest/meta-data/'],
    ['private 10/8', () => 'http://10.0.0.1/'],
    ['private 192.168/16', () => 'http://192.168.1.1/'],
  ])('refuses %s with a coded, non-retryable error and sends nothing', async (_label, url) => {
    const before = hits.length;
    const err = await call(url());
    expect(err).toBeInstanceOf(ActionError);
    expect((err as ActionError).code).toBe('workflows.http.blocked_address');
    expect((err as ActionError).retryable).toBe(false);
    expect((err as ActionError).message).toMatch(/internal address.*ATOM_SSRF_ALLOW/);
    expect(hits.length).toBe(before);
  });

  it('refuses redirects to internal addresses from an allow-listed host', async () => {
    const allowed = ctx();
    allowed.fetch = createGuardedFetch({ allow: ['127.0.0.2'] });
    for (const path of ['/to-metadata', '/to-loopback']) {
      const input = httpRequestAction.input.parse({ url: `http://127.0.0.2:${port}${path}`, timeoutMs: 3000 });
      const err = await httpRequestAction.run(allowed, input).then(() => undefined, (e: unknown) => e);
      expect((err as ActionError).code, path).toBe('workflows.http.blocked_address');
    }
    expect(hits.some((h) => h.endsWith('/secret'))).toBe(false);
    // The allow-listed host itself is reachable.
    const ok = await httpRequestAction.run(allowed, httpRequestAction.input.parse({ url: `http://127.0.0.2:${port}/fine` }));
    expect(ok.status).toBe(200);
  });

  it('blocks a workflow run by default and lets it through only with ATOM_SSRF_ALLOW', async () => {
    const blocked = await createEngineHarness('embedded-sqlite', { env: { ATOM_SSRF_ALLOW: '' } });
    try {
      const wf = await blocked.publish({ trigger: { type: 'manual' }, steps: [{ id: 'call', type: 'http', retry: { maxAttempts: 1 }, input: { url: `http://127.0.0.1:${port}/from-run` } }] });
      const run = await blocked.finished(await blocked.run(wf.id));
      expect(run?.status).toBe('failed');
      expect(JSON.stringify(run?.error)).toContain('workflows.http.blocked_address');
      expect(hits.some((h) => h.endsWith('/from-run'))).toBe(false);
    } finally {
      await blocked.close();
    }
    const allowed = await createEngineHarness('embedded-sqlite', { env: { ATOM_SSRF_ALLOW: '127.0.0.1' } });
    try {
      const wf = await allowed.publish({ trigger: { type: 'manual' }, steps: [{ id: 'call', type: 'http', input: { url: `http://127.0.0.1:${port}/from-run` } }] });
      const run = await allowed.finished(await allowed.run(wf.id));
      expect(run?.status).toBe('succeeded');
      expect(hits.some((h) => h.endsWith('/from-run'))).toBe(true);
    } finally {
      await allowed.close();
    }
  }, 60_000);
});
