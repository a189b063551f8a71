import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../test/fakes/openai/server.js';
import { createTestContext, type TestContext } from '../test/support/context.js';
import { testRedisUrl } from '../test/support/postgres.js';
import { aiServices } from './ai/index.js';
import { WORKFLOW_AI_USER } from './ai/workflow-action.js';
import { newId } from './platform/index.js';
import { workflowDefinitionSchema } from './workflows/definition/schema.js';
import { workflowRuntime } from './workflows/runtime.js';
import { startWorker, type RunningWorker } from './worker.js';

const KEY = 'sk-worker-ai-step-key-1234567890';

// Queue mode: this process plays the API (saves the key, starts the run on Redis) and builds no app, so
// `ai.generate` exists here only if `atom worker` registers it; the worker (its own context) runs the step.
describe('atom worker runs a workflow AI step (queue mode, PostgreSQL + Redis)', () => {
  const prefix = `worker_ai_${process.pid}_${Date.now().toString(36)}`;
  let openai: FakeOpenAI;
  let t: TestContext;
  let worker: RunningWorker;

  beforeAll(async () => {
    openai = await startFakeOpenAI({ keys: [KEY] });
    t = await createTestContext('postgres', {
      ATOM_LOG_LEVEL: 'warn',
      ATOM_REDIS_URL: testRedisUrl(),
      ATOM_JOBS_PREFIX: prefix,
      // The fake model listens on loopback, which the SSRF guard refuses unless allow-listed.
      ATOM_SSRF_ALLOW: '127.0.0.1',
      ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
      ATOM_RETENTION_INTERVAL_MINUTES: '0',
    });
    worker = await startWorker({ ...t.config, ATOM_MIGRATE_ON_START: false });
  });
  afterAll(async () => {
    await worker?.stop();
    await workflowRuntime(t.ctx).queue.close();
    await t?.cleanup();
    await openai?.close();
    const redis = new Redis(testRedisUrl());
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('answers with the key a user configured for the workspace, and the usage is recorded; an HTTP step resolves its secret', async () => {
    const workspaceId = `ws_${newId()}`;
    // What POST /api/ai/keys stores for a workspace key an admin added (sealed with the shared vault key).
    await aiServices(t.ctx).keys.save({ workspaceId, ownerUserId: null, provider: 'openai', label: 'OpenAI', baseUrl: `${openai.url}/v1`, options: {}, apiKey: KEY, models: ['gpt-4o-mini'], createdBy: 'usr_admin' });
    openai.script({ text: 'Two invoices are overdue.' });

    const { engine, secrets } = workflowRuntime(t.ctx);
    // A named secret, resolved by the worker for an HTTP step to a loopback service (allowed by ATOM_SSRF_ALLOW).
    await secrets.set(workspaceId, 'MODEL_KEY', KEY, 'usr_admin');
    const definition = workflowDefinitionSchema.parse({
      trigger: { type: 'manual' },
      steps: [
        { type: 'http', id: 'models', input: { method: 'GET', url: `${openai.url}/v1/models`, bearerSecret: 'MODEL_KEY' } },
        { type: 'ai', id: 'summarize', prompt: 'Summarise {{ $string(trigger) }}' },
      ],
    });
    const wf = await engine.workflows.create({ workspaceId, name: 'invoice summary', definition, author: 'usr_admin' });
    await engine.workflows.update(workspaceId, wf.id, { published_version: 1, active: 1 });
    const started = await engine.startRun({ workspaceId, workflowId: wf.id, version: 1, triggerType: 'manual', triggerData: { invoices: 2 } });

    const run = await engine.waitForRun(started.id, 20_000);
    expect({ status: run?.status, error: run?.error }).toEqual({ status: 'succeeded', error: null });
    const models = await t.ctx.db.selectFrom('workflow_run_steps').select(['status', 'output']).where('run_id', '=', started.id).where('step_id', '=', 'models').executeTakeFirstOrThrow();
    expect(models.status).toBe('succeeded');
    expect(JSON.parse(models.output ?? 'null')).toMatchObject({ status: 200 });
    const step = await t.ctx.db.selectFrom('workflow_run_steps').select(['status', 'output']).where('run_id', '=', started.id).where('step_id', '=', 'summarize').executeTakeFirstOrThrow();
    expect(step.status).toBe('succeeded');
    expect(JSON.parse(step.output ?? 'null')).toEqual({ text: 'Two invoices are overdue.', model: 'openai:gpt-4o-mini' });
    // The worker called the model with the stored key, and prompted it with the rendered trigger.
    const call = openai.requests.find((r) => r.method === 'POST');
    expect(openai.requests.filter((r) => r.method === 'GET').map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`]);
    expect(String(call?.headers.authorization)).toBe(`Bearer ${KEY}`);
    expect(call?.body).toContain('invoices');
    const usage = await t.ctx.db.selectFrom('ai_usage').select(['user_id', 'feature']).where('workspace_id', '=', workspaceId).execute();
    expect(usage).toEqual([{ user_id: WORKFLOW_AI_USER, feature: 'workflow' }]);
  });
});
