import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp } from '../../../test/support/context.js';
import { AppError } from '../errors/index.js';
import type { HttpServer } from './server.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const probe = (app: HttpServer) => {
  app.post(
    '/api/probe/echo',
    {
      config: { permission: 'public' },
      schema: {
        body: z.object({ name: z.string().min(1), count: z.number().int().max(10) }),
        querystring: z.object({ mode: z.enum(['a', 'b']).optional() }),
        response: { 200: z.object({ name: z.string(), count: z.number() }) },
      },
    },
    async (req) => ({ name: req.body.name, count: req.body.count }),
  );
  // A route whose declared 400 is another shape (as OAuth's { error } is): Atom's own refusal stays problem+json.
  app.get(
    '/api/probe/own-400',
    {
      config: { permission: 'public' },
      schema: { querystring: z.object({ n: z.string().max(3) }), response: { 200: z.object({ ok: z.boolean() }), 400: z.object({ error: z.string() }) } },
    },
    async () => ({ ok: true }),
  );
  app.get('/api/probe/app-error', { config: { permission: 'public' } }, async () => {
    throw new AppError('probe.conflict', 'That name is taken.', { status: 409 });
  });
  app.get('/api/probe/crash', { config: { permission: 'public' } }, async () => {
    throw new Error('internal detail that must not leak');
  });
};

describe('HTTP layer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { ATOM_BODY_LIMIT_BYTES: '2048' }, { extraPlugins: [probe] });
  });
  afterAll(() => t.cleanup());

  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, status: number, code: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    const body = res.json() as Record<string, unknown>;
    expect(body).toMatchObject({ status, code, type: `urn:atom:problem:${code}` });
    expect(typeof body['title']).toBe('string');
    expect(typeof body['detail']).toBe('string');
    expect(body['requestId']).toBe(res.headers['x-request-id']);
    return body;
  };

  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/probe/echo', headers: { 'content-type': 'application/json' }, payload: '{bad' });
    expectProblem(res, 400, 'http.malformed_json');
  });

  it('answers malformed JSON on an unknown API route with 400, not 500', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/nope', headers: { 'content-type': 'application/json' }, payload: '{bad' });
    expect([400, 404]).toContain(res.statusCode);
    expect(String(res.headers['content-type'])).toMatch(/problem\+json/);
  });

  it('lists every wrong field on validation errors', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/probe/echo?mode=z', payload: { name: 'ok', count: 1 } });
    const body = expectProblem(res, 400, 'http.validation_failed');
    expect(body['errors']).toEqual([expect.objectContaining({ field: 'query.mode' })]);
    const res2 = await t.app.inject({ method: 'POST', url: '/api/probe/echo', payload: { name: '', count: 99 } });
    const body2 = expectProblem(res2, 400, 'http.validation_failed');
    const fields = (body2['errors'] as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body.count', 'body.name']);
  });

  it('answers a validation error as problem+json even where the route declares another 400 shape (never a 500)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/probe/own-400?n=toolong' });
    const body = expectProblem(res, 400, 'http.validation_failed');
    expect(body['errors']).toEqual([expect.objectContaining({ field: 'query.n' })]);
    expect((await t.app.inject({ method: 'GET', url: '/api/probe/own-400?n=ok' })).json()).toEqual({ ok: true });
  });

  it('answers a wrong content type with 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/probe/echo', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
    expectProblem(res, 415, 'http.unsupported_media_type');
  });

  it('answers an oversized body with 413', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/probe/echo', payload: { name: 'x'.repeat(5000), count: 1 } });
    expectProblem(res, 413, 'http.body_too_large');
  });

  it('answers unknown routes with 404 problem+json', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/does-not-exist' }), 404, 'http.not_found');
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/health' }), 404, 'http.not_found');
  });

  it('maps AppError to its status and message', async () => {
    const body = expectProblem(await t.app.inject({ method: 'GET', url: '/api/probe/app-error' }), 409, 'probe.conflict');
    expect(body['detail']).toBe('That name is taken.');
  });

  it('hides internal errors behind a 500 problem and logs them', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/probe/crash' });
    const body = expectProblem(res, 500, 'http.internal');
    expect(JSON.stringify(body)).not.toContain('internal detail');
    expect(t.logs.text).toContain('internal detail that must not leak');
  });

  it('accepts a valid request', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/probe/echo', payload: { name: 'a', count: 3 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'a', count: 3 });
  });

  it('echoes a well-formed request id and replaces a hostile one', async () => {
    const given = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const hostile = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'a b\nc' } });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers on every response', async () => {
    for (const url of ['/health', '/api/does-not-exist', '/']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });

  it('writes one access log line per request with id, route, status and duration', async () => {
    await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'log-check-1' } });
    const line = t.logs.entries().find((e) => e['reqId'] === 'log-check-1' && e['msg'] === 'request finished');
    expect(line).toMatchObject({ route: '/health', status: 200, method: 'GET' });
    expect(typeof line?.['durationMs']).toBe('number');
  });

  it('logs route templates, not URLs that may carry secrets', async () => {
    await t.app.inject({ method: 'POST', url: '/api/probe/echo?code=oauth-code-123', payload: { name: 'a', count: 1 }, headers: { 'x-request-id': 'log-check-2' } });
    await t.app.inject({ method: 'GET', url: '/api/unknown/secret-path?token=abc999', headers: { 'x-request-id': 'log-check-3' } });
    const lines = t.logs.entries().filter((e) => e['reqId'] === 'log-check-2' || e['reqId'] === 'log-check-3');
    expect(lines.find((e) => e['reqId'] === 'log-check-2')).toMatchObject({ route: '/api/probe/echo' });
    expect(lines.find((e) => e['reqId'] === 'log-check-3')).toMatchObject({ route: 'unmatched', path: '/api/unknown/secret-path' });
    expect(JSON.stringify(lines)).not.toContain('oauth-code-123');
    expect(JSON.stringify(lines)).not.toContain('abc999');
  });

  it('never logs credentials', async () => {
    const secret = 'atom_secret_value_9f8e7d';
    t.ctx.logger.info({ req: { headers: { authorization: `Bearer ${secret}`, cookie: `sid=${secret}` } }, password: secret, nested: { apiKey: secret, deeper: { token: secret } } }, 'probe');
    expect(t.logs.text).toContain('"msg":"probe"');
    expect(t.logs.text).not.toContain(secret);
  });
});

describe('CORS', () => {
  it('allows only the configured origins', async () => {
    const t = await createTestApp('sqlite', { ATOM_CORS_ORIGINS: 'https://ok.example' });
    try {
      const ok = await t.app.inject({ method: 'OPTIONS', url: '/health', headers: { origin: 'https://ok.example', 'access-control-request-method': 'GET' } });
      expect(ok.headers['access-control-allow-origin']).toBe('https://ok.example');
      const bad = await t.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://evil.example' } });
      expect(bad.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.cleanup();
    }
  });
});

describe('access log of static files', () => {
  it('keeps successful file requests at debug and page loads, API calls and missing files at info', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'atom-web-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Atom</title>');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    const t = await createTestApp('sqlite', { ATOM_WEB_DIST: dist });
    try {
      const get = (url: string, id: string) => t.app.inject({ method: 'GET', url, headers: { 'x-request-id': id } });
      expect((await get('/assets/index-abc123.js', 'static-ok')).statusCode).toBe(200);
      expect((await get('/assets/gone-000.js', 'static-missing')).statusCode).toBe(404);
      expect((await get('/workflows', 'page-load')).statusCode).toBe(200);
      expect((await get('/health', 'api-call')).statusCode).toBe(200);
      const levelOf = (id: string) => t.logs.entries().find((e) => e['reqId'] === id && e['msg'] === 'request finished')?.['level'];
      // pino levels: 20 debug, 30 info.
      expect(levelOf('static-ok')).toBe(20);
      expect(levelOf('static-missing')).toBe(30);
      expect(levelOf('page-load')).toBe(30);
      expect(levelOf('api-call')).toBe(30);
    } finally {
      await t.cleanup();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
