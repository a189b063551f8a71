import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../test/fakes/openai/server.js';
import { createTestApp } from '../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../test/support/principal.js';
import { actionRegistry, validateDefinition, type ActionContext } from '../workflows/index.js';

const KEY = 'sk-workflow-ai-key-1234567890';
const admin = asPrincipal({ userId: 'admin', workspaceId: 'ws1', permissions: ['ai:use', 'ai:manage'] });

let t: Awaited<ReturnType<typeof createTestApp>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
const actx = (workspaceId: string): ActionContext => ({
  workspaceId,
  runId: 'run-1',
  stepId: 'summarize',
  idempotencyKey: 'run-1:summarize:0:0',
  attempt: 1,
  signal: AbortSignal.timeout(10_000),
  logger: t.ctx.logger,
  dryRun: false,
  secret: async () => undefined,
  log: () => undefined,
});

beforeAll(async () => {
  t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
  openai = await startFakeOpenAI({ keys: [KEY] });
  const res = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: admin, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1`, scope: 'workspace' } });
  expect(res.statusCode).toBe(201);
});
afterAll(async () => {
  await t.cleanup();
  await openai.close();
});

describe('ai.generate workflow action', () => {
  it('is installed, so workflow AI steps validate', async () => {
    const issues = await validateDefinition({ trigger: { type: 'manual' }, steps: [{ type: 'ai', id: 'summarize', prompt: 'Summarise {{ $string(trigger) }}' }] }, { actions: actionRegistry(t.ctx) });
    expect(issues).toEqual([]);
  });

  it('answers text and JSON with the workspace key, recording usage for workflows', async () => {
    const action = actionRegistry(t.ctx).get('ai.generate')!;
    openai.script({ text: 'Three invoices arrived.' }, { text: '```json\n{"total": 1200}\n```' });
    await expect(action.run(actx('ws1'), { prompt: 'Summarise', output: 'text' })).resolves.toEqual({ text: 'Three invoices arrived.', model: 'openai:gpt-4o-mini' });
    await expect(action.run(actx('ws1'), { prompt: 'Extract the total', output: 'json' })).resolves.toMatchObject({ json: { total: 1200 } });
    const rows = await t.ctx.db.selectFrom('ai_usage').select(['user_id', 'feature']).where('feature', '=', 'workflow').execute();
    expect(rows).toEqual([{ user_id: 'workflows', feature: 'workflow' }, { user_id: 'workflows', feature: 'workflow' }]);
  });

  it('fails without retry when the workspace has no model', async () => {
    const action = actionRegistry(t.ctx).get('ai.generate')!;
    await expect(action.run(actx('ws-none'), { prompt: 'x', output: 'text' })).rejects.toMatchObject({ code: 'ai.no_model', retryable: false });
  });
});
