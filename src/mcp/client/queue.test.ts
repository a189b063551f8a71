import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMcpServer, type FakeMcpServer } from '../../../test/fakes/mcp-server.js';
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { testRedisUrl } from '../../../test/support/postgres.js';
import { newId } from '../../platform/index.js';
import { createVault } from '../../vault/index.js';
import { workflowDefinitionSchema } from '../../workflows/definition/schema.js';
import { workflowRuntime } from '../../workflows/runtime.js';
import { startWorker, type RunningWorker } from '../../worker.js';
import { createMcpServerStore } from './mcp-server-repository.js';

// Queue mode: this process plays the API (registers the server, starts the run on Redis); the worker (its own
// context) runs the `mcp.call_tool` step, so the action exists there only if `atom worker` registers it.
describe('atom worker runs an mcp.call_tool step (queue mode, PostgreSQL + Redis)', () => {
  const prefix = `worker_mcp_${process.pid}_${Date.now().toString(36)}`;
  let remote: FakeMcpServer;
  let t: TestContext;
  let worker: RunningWorker;

  beforeAll(async () => {
    remote = await startFakeMcpServer();
    t = await createTestContext('postgres', {
      ATOM_LOG_LEVEL: 'warn',
      ATOM_REDIS_URL: testRedisUrl(),
      ATOM_JOBS_PREFIX: prefix,
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
    await remote?.close();
    const redis = new Redis(testRedisUrl());
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('calls the external tool with the sealed header and journals its output', async () => {
    const workspaceId = `ws_${newId()}`;
    const server = await createMcpServerStore(t.ctx.db, createVault(t.ctx)).create(workspaceId, { name: 'calc', url: remote.url, headers: { Authorization: 'Bearer queue-secret' } }, 'usr_admin');
    const { engine } = workflowRuntime(t.ctx);
    const definition = workflowDefinitionSchema.parse({
      trigger: { type: 'manual' },
      steps: [{ type: 'action', id: 'sum', action: 'mcp.call_tool', input: { serverId: server.id, tool: 'add', arguments: { a: '{{ trigger.a }}', b: 1 } } }],
    });
    const wf = await engine.workflows.create({ workspaceId, name: 'mcp sum', definition, author: 'usr_admin' });
    await engine.workflows.update(workspaceId, wf.id, { published_version: 1, active: 1 });
    const started = await engine.startRun({ workspaceId, workflowId: wf.id, version: 1, triggerType: 'manual', triggerData: { a: 6 } });

    const run = await engine.waitForRun(started.id, 20_000);
    expect({ status: run?.status, error: run?.error }).toEqual({ status: 'succeeded', error: null });
    const step = await t.ctx.db.selectFrom('workflow_run_steps').select(['status', 'output']).where('run_id', '=', started.id).where('step_id', '=', 'sum').executeTakeFirstOrThrow();
    expect(step.status).toBe('succeeded');
    expect(JSON.parse(step.output ?? 'null')).toMatchObject({ structuredContent: { sum: 7 }, isError: false });
    expect(remote.authorizations).toContain('Bearer queue-secret');
  });
});
