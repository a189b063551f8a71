import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../test/support/principal.js';
import { evaluateAlerts } from './alerts.js';
import { createTrafficSampler } from './http-sampler.js';

const admin = asPrincipal({ role: 'admin', permissions: ['settings:manage'] });
const member = asPrincipal({ role: 'member', permissions: ['workflows:read'] });

describe('system health API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp('sqlite', {}, {
      authenticator: testAuthenticator,
      extraPlugins: [
        (app) => {
          app.get('/api/probe/fail', { config: { permission: 'public' } }, async () => {
            throw new Error('boom');
          });
        },
      ],
    });
  });
  afterAll(() => t.cleanup());

  it('is for admins only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/system/health' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/system/health', headers: member })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'GET', url: '/api/system/health', headers: admin });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { status: string; checks: { name: string; ok: boolean }[]; process: { rssBytes: number } };
    expect(body.status).toMatch(/healthy|degraded/);
    expect(body.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['database', 'data_dir']));
    expect(body.process.rssBytes).toBeGreaterThan(0);
  });

  it('gives anyone signed in the same verdict as the admin page (the one status rule), without the detail', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/system/status' })).statusCode).toBe(401);
    const status = await t.app.inject({ method: 'GET', url: '/api/system/status', headers: member });
    expect(status.statusCode).toBe(200);
    const health = (await t.app.inject({ method: 'GET', url: '/api/system/health', headers: admin })).json<{ status: string; alerts: unknown[] }>();
    const body = status.json<{ status: string; alerts: number; checks: { name: string }[] }>();
    expect(body.status).toBe(health.status);
    expect(body.alerts).toBe(health.alerts.length);
    expect(body.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['database', 'data_dir']));
    expect(Object.keys(body).sort()).toEqual(['alerts', 'checks', 'mode', 'status']);
  });

  it('samples request rate, server errors and latency from the HTTP histogram', async () => {
    const sampler = createTrafficSampler(t.ctx.metrics.httpRequestDuration as never, { intervalMs: 60_000, keep: 10 });
    await sampler.sample();
    for (let i = 0; i < 6; i++) await t.app.inject({ method: 'GET', url: '/health' });
    for (let i = 0; i < 2; i++) await t.app.inject({ method: 'GET', url: '/api/probe/fail' });
    await t.app.inject({ method: 'GET', url: '/api/nope' });
    await sampler.sample();
    const [s] = sampler.history();
    expect(s).toMatchObject({ requests: 9, serverErrors: 2, clientErrors: 1 });
    expect(s?.p95Ms).toBeGreaterThan(0);
  });
});

describe('alerts', () => {
  const thresholds = { errorRate: 0.05, latencyP95Ms: 500, rssBytes: 1024 * 1048576 };
  const sample = (requests: number, serverErrors: number, p95Ms: number | null) => ({ at: '', requests, serverErrors, clientErrors: 0, p50Ms: null, p95Ms });

  it('raises nothing when all is well', () => {
    expect(evaluateAlerts({ thresholds, failedChecks: [], recent: [sample(100, 1, 80)], rssBytes: 100 * 1048576 })).toEqual([]);
  });

  it('names a failing dependency, a high error rate, slow answers and memory pressure', () => {
    const alerts = evaluateAlerts({
      thresholds,
      failedChecks: [{ name: 'redis', error: 'connection refused' }],
      recent: [sample(50, 10, 700), sample(50, 0, 100)],
      rssBytes: 2048 * 1048576,
    });
    expect(alerts.map((a) => a.id)).toEqual(['dependency_down', 'error_rate', 'latency', 'memory']);
    expect(alerts[0]?.message).toBe('redis is failing: connection refused');
    expect(alerts[1]?.message).toContain('10.0% of recent requests failed');
  });

  it('does not alert on error rate with too few requests to judge', () => {
    expect(evaluateAlerts({ thresholds, failedChecks: [], recent: [sample(3, 2, 10)], rssBytes: 0 })).toEqual([]);
  });
});
