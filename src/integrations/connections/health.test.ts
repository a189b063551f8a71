import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../slack/fake.js';
import { createTestContext, dialects, type TestContext } from '../../../test/support/context.js';
import type { CallOutcome } from '../http/index.js';
import { integrationRuntime } from '../runtime.js';
import { listChannels } from '../slack/index.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { runHealthChecks } from './health-check.js';
import { connectionHealthStore, statusFrom } from './health.js';

describe.each(dialects)('connection health (%s)', (dialect) => {
  let fake: SlackFake;
  let h: PieceHarness;
  beforeAll(async () => {
    fake = await startSlackFake();
    h = await pieceHarness({ serviceId: 'slack', fake, basePath: '/api', tokenPath: '/api/oauth.v2.access', dialect });
    // A lenient breaker, so this test watches health rather than the circuit.
    integrationRuntime(h.ctx).http.breakerFor(h.connection.id, { failures: 1000 });
  });
  afterAll(async () => {
    await h.cleanup();
    await fake.close();
  });

  const failingCall = async () => {
    fake.inject(...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 500, body: 'boom', path: /conversations\.list/ })));
    await expect(h.run(listChannels, { limit: 1 })).rejects.toMatchObject({ code: 'integrations.http.server_error' });
  };

  it('moves healthy → degraded → error → healthy as the service starts and stops failing', async () => {
    await h.run(listChannels, { limit: 1 });
    expect((await h.health()).status).toBe('healthy');

    await failingCall();
    const degraded = await h.health();
    expect(degraded).toMatchObject({ status: 'degraded', consecutiveFailures: 1, lastError: { code: 'integrations.http.server_error', message: 'Slack says it had an internal error (HTTP 500).' } });

    await failingCall();
    await failingCall();
    const error = await h.health();
    expect(error.status).toBe('error');
    expect(error.errorRate).toBeCloseTo(3 / 4, 2);

    // The service recovers: one success is not enough while most recent calls failed...
    await h.run(listChannels, { limit: 1 });
    expect((await h.health()).status).toBe('degraded');
    // ...a run of successes brings the error rate under the threshold.
    for (let i = 0; i < 8; i++) await h.run(listChannels, { limit: 1 });
    const healthy = await h.health();
    expect(healthy).toMatchObject({ status: 'healthy', consecutiveFailures: 0 });
    expect(healthy.lastSuccessAt! >= healthy.lastErrorAt!).toBe(true);
    expect(healthy.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('the periodic check calls the cheap endpoint and records it', async () => {
    const before = fake.requests.filter((r) => r.path === '/api/auth.test').length;
    expect(await runHealthChecks(h.ctx)).toEqual({ checked: 1, failed: 0 });
    expect(fake.requests.filter((r) => r.path === '/api/auth.test').length).toBe(before + 1);
    expect((await h.health()).checkedAt).not.toBeNull();
  });

  it('exports per-service call metrics', async () => {
    const text = await h.ctx.metrics.registry.metrics();
    expect(text).toMatch(/atom_integration_calls_total\{service="slack",outcome="ok"\} \d+/);
    expect(text).toMatch(/atom_integration_calls_total\{service="slack",outcome="integrations.http.server_error"\} 3/);
  });
});

describe('statusFrom', () => {
  const ok = { ok: true, ms: 1, at: '' };
  const bad = { ok: false, ms: 1, at: '' };
  it('derives the status from recent outcomes', () => {
    expect(statusFrom([ok, ok], 0, false)).toBe('healthy');
    expect(statusFrom([ok, bad], 1, false)).toBe('degraded');
    expect(statusFrom([bad, bad, bad], 3, false)).toBe('error');
    expect(statusFrom([ok, bad], 1, true)).toBe('expired');
  });
});

describe.each(dialects)('connection health under concurrent calls (%s)', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    const now = new Date().toISOString();
    await t.ctx.db
      .insertInto('integration_connections')
      .values({ id: 'conn-c', workspace_id: 'ws-c', user_id: null, service_id: 'slack', label: 'Slack', auth_kind: 'oauth2', status: 'healthy', credentials_sealed: 'x', scopes: '[]', account_label: null, expires_at: null, refresh_lease_owner: null, refresh_lease_until: null, created_by: 'u1', created_at: now, updated_at: now })
      .execute();
  });
  afterAll(async () => t.cleanup());

  it('folds in 20 simultaneous outcomes of a connection without a health row yet: no error, one row, none lost', async () => {
    const store = connectionHealthStore(t.ctx.db);
    const outcomes: CallOutcome[] = Array.from({ length: 20 }, (_, i) =>
      i % 3 === 0
        ? { service: 'slack', ok: false, status: 500, latencyMs: i, code: 'integrations.http.server_error', message: 'boom' }
        : { service: 'slack', ok: true, status: 200, latencyMs: i, code: undefined, message: undefined },
    );
    const results = await Promise.allSettled(outcomes.map((o) => store.record('ws-c', 'conn-c', o)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);

    const rows = await t.ctx.db.selectFrom('integration_connection_health').selectAll().where('connection_id', '=', 'conn-c').execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    // Every outcome is in the window (20 = its size): none overwrote another.
    const recent = JSON.parse(row.recent) as { ok: boolean; ms: number; at: string }[];
    expect(recent.map((r) => r.ms).sort((a, b) => a - b)).toEqual(outcomes.map((o) => o.latencyMs));
    // The counters agree with the window's order, and the connection with its health.
    let trailing = 0;
    for (const r of recent) trailing = r.ok ? 0 : trailing + 1;
    expect(row.consecutive_failures).toBe(trailing);
    expect(row.status).toBe(statusFrom(recent, trailing, false));
    expect(row.last_error_code).toBe('integrations.http.server_error');
    const conn = await t.ctx.db.selectFrom('integration_connections').select('status').where('id', '=', 'conn-c').executeTakeFirstOrThrow();
    expect(conn.status).toBe(row.status);
    expect(await store.recentEvents('ws-c', 'conn-c', 50)).toHaveLength(outcomes.filter((o) => !o.ok).length);
  });
});
