import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/context.js';
import { SESSION_COOKIE } from '../../auth/cookies.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.cleanup());

  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('covers every route, and every route declares its permission', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    // A plugin's '/' route under a prefix is served with and without the trailing slash; compare without.
    const bare = (p: string) => (p.length > 1 ? p.replace(/\/$/, '') : p);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${bare(p)}`)),
    );
    const visible: string[] = [];
    const missingPermission: string[] = [];
    for (const r of t.app.routeTable) {
      if (r.hidden) continue;
      const key = `${r.method} ${bare(r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}'))}`;
      visible.push(key);
      if (!r.permission) missingPermission.push(key);
    }
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.filter((k) => !documented.has(k))).toEqual([]);
    expect(missingPermission).toEqual([]);
  });

  it('declares how to authenticate (API token, session cookie), and that public routes need neither', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
      security: Record<string, string[]>[];
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.components.securitySchemes['apiToken']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes['session']).toMatchObject({ type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
    expect(doc.security).toEqual([{ apiToken: [] }, { session: [] }]);
    expect(doc.paths['/api/auth/login']?.['post']?.security).toEqual([]);
    expect(doc.paths['/api/workflows/']?.['get']?.security ?? doc.paths['/api/workflows']?.['get']?.security).toBeUndefined();
  });

  it('gives the /docs page its own CSP: inline styles for Swagger UI, scripts and connections only from itself', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/static/index.html' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/https:|upgrade-insecure-requests|swagger\.io/);
  });

  it('serves a browsable page at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('swagger');
  });
});
