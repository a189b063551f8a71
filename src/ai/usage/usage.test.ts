import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { aiServices } from '../assistant.js';
import { estimateCost } from './prices.js';

const KEY = 'sk-usage-test-key-9876543210';
const u1 = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['ai:use'] });
const admin = asPrincipal({ userId: 'admin', workspaceId: 'ws1', permissions: ['ai:use', 'ai:manage'] });

describe('price table', () => {
  it('estimates per million tokens and marks unknown models unpriced', () => {
    expect(estimateCost('anthropic', 'claude-sonnet-4-5', 1_000_000, 1_000_000)).toEqual({ costUsd: 18, priced: true });
    expect(estimateCost('custom', 'llama3', 5000, 5000)).toEqual({ costUsd: 0, priced: false });
  });
});

describe.each(dialects)('usage and budgets (%s)', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
  const call = (userId: string) =>
    aiServices(t.ctx).runner.run({ workspaceId: 'ws1', userId, feature: 'chat', messages: [{ role: 'user', content: 'hi' }] });

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
    openai = await startFakeOpenAI({ keys: [KEY] });
    const res = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: admin, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1`, scope: 'workspace' } });
    expect(res.statusCode).toBe(201);
    await t.app.inject({ method: 'PUT', url: '/api/ai/settings?scope=workspace', headers: admin, payload: { defaultModel: 'openai:gpt-4o', fallbackModels: [], monthlyBudgetUsd: 0.05, hardLimit: true } });
  });
  afterAll(async () => {
    await t.cleanup();
    await openai.close();
  });

  it('records tokens and cost per call, user and model, and reports them', async () => {
    openai.script({ text: 'a', usage: { input: 4000, output: 1000 } }, { text: 'b', usage: { input: 2000, output: 500 } });
    await call('u1');
    await call('u2');
    const mine = await t.app.inject({ method: 'GET', url: '/api/ai/usage', headers: u1 });
    expect(mine.statusCode).toBe(200);
    const m = mine.json();
    // A member sees only their own usage.
    expect(m.totals).toMatchObject({ calls: 1, inputTokens: 4000, outputTokens: 1000 });
    expect(m.totals.costUsd).toBeCloseTo((4000 * 2.5 + 1000 * 10) / 1e6, 9);
    expect(m.byUser).toEqual([expect.objectContaining({ userId: 'u1' })]);

    const all = (await t.app.inject({ method: 'GET', url: '/api/ai/usage', headers: admin })).json();
    expect(all.totals).toMatchObject({ calls: 2, inputTokens: 6000, outputTokens: 1500 });
    expect(all.byModel).toEqual([expect.objectContaining({ provider: 'openai', model: 'gpt-4o', calls: 2, priced: true })]);
    expect(all.byUser.map((r: { userId: string }) => r.userId).sort()).toEqual(['u1', 'u2']);
    expect(all.byDay).toHaveLength(1);
    expect(all.byFeature).toEqual([expect.objectContaining({ feature: 'chat', calls: 2 })]);
    expect(all.budgets.workspace).toMatchObject({ budgetUsd: 0.05, hardLimit: true, exceeded: false });
    expect(all.budgets.workspace.spentUsd).toBeCloseTo(0.03, 9);

    const bad = await t.app.inject({ method: 'GET', url: '/api/ai/usage?month=2026-13', headers: admin });
    expect(bad.statusCode).toBe(400);
  });

  it('stops calls with a clear message once a hard budget is spent', async () => {
    openai.script({ text: 'c', usage: { input: 8000, output: 1000 } });
    await call('u1'); // 0.03 + 0.03 = 0.06 >= 0.05
    const before = openai.requests.length;
    await expect(call('u2')).rejects.toMatchObject({
      code: 'ai.budget.exceeded',
      status: 402,
      message: expect.stringMatching(/This workspace reached the monthly AI budget \(\$0\.06 of \$0\.05\)\. AI calls resume on \d{4}-\d{2}-01/),
    });
    expect(openai.requests.length).toBe(before);
    const usage = (await t.app.inject({ method: 'GET', url: '/api/ai/usage', headers: admin })).json();
    expect(usage.budgets.workspace.exceeded).toBe(true);
  });

  it('lets calls through a soft budget, and applies a member budget set by an admin', async () => {
    await t.app.inject({ method: 'PUT', url: '/api/ai/settings?scope=workspace', headers: admin, payload: { defaultModel: 'openai:gpt-4o', fallbackModels: [], monthlyBudgetUsd: 0.05, hardLimit: false } });
    openai.script({ text: 'ok', usage: { input: 10, output: 10 } });
    await expect(call('u2')).resolves.toMatchObject({ text: 'ok' });
    expect(t.logs.text).toContain('AI budget exceeded (soft limit)');

    // A member cannot raise their own budget; the member budget applies to them alone.
    const self = await t.app.inject({ method: 'PUT', url: '/api/ai/settings', headers: u1, payload: { defaultModel: null, fallbackModels: [], monthlyBudgetUsd: 100, hardLimit: true } });
    expect(self.statusCode).toBe(403);
    await aiServices(t.ctx).settings.write('ws1', 'u1', { defaultModel: null, fallbackModels: [], monthlyBudgetUsd: 0.01, hardLimit: true });
    await expect(call('u1')).rejects.toMatchObject({ code: 'ai.budget.exceeded', message: expect.stringMatching(/^You reached the monthly AI budget/) });
    await expect(call('u2')).resolves.toMatchObject({ text: 'ok' });
  });

  it('keeps keys out of logs and responses', async () => {
    const keys = await t.app.inject({ method: 'GET', url: '/api/ai/keys', headers: admin });
    expect(keys.body).not.toContain(KEY);
    expect(t.logs.text).not.toContain(KEY);
  });
});
