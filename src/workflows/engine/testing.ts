// Test support for the engine suites (not imported by production code).
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { testRedisUrl } from '../../../test/support/postgres.js';
import { newId } from '../../platform/index.js';
import { createBullQueue, createEmbeddedQueue, type Clock, type JobQueue } from '../../platform/jobs/index.js';
import { builtinActions, createActionRegistry, type ActionRegistry } from '../actions/index.js';
import { workflowDefinitionSchema, type WorkflowDefinitionInput } from '../definition/schema.js';
import type { JournalEntry } from '../repositories/journal-repository.js';
import { createWorkflowEngine, type EngineOptions, type WorkflowEngine } from './engine.js';

export type EngineBackend = 'embedded-sqlite' | 'embedded-postgres' | 'bullmq-postgres';
export const engineBackends: EngineBackend[] = ['embedded-sqlite', 'embedded-postgres', 'bullmq-postgres'];

export interface EngineHarness {
  t: TestContext;
  engine: WorkflowEngine;
  queue: JobQueue;
  actions: ActionRegistry;
  /** Creates and publishes a workflow; returns its id and version. */
  publish(definition: WorkflowDefinitionInput, name?: string): Promise<{ id: string; version: number }>;
  run(workflowId: string, triggerData?: unknown, mode?: 'live' | 'dry'): Promise<string>;
  /** Waits for a final status and returns the run with its journal. */
  finished(runId: string, timeoutMs?: number): Promise<Awaited<ReturnType<WorkflowEngine['runs']['getScoped']>>>;
  journal(runId: string): Promise<Map<string, JournalEntry>>;
  /** Another engine (a second worker/replica) over the same database and queue. */
  second(options?: Partial<EngineOptions>): WorkflowEngine;
  close(): Promise<void>;
}

export const WS = 'ws-engine';

export async function createEngineHarness(backend: EngineBackend, options: { clock?: Clock; leaseMs?: number; actions?: ActionRegistry; env?: Record<string, string> } = {}): Promise<EngineHarness> {
  // The local fakes listen on loopback, which the SSRF guard refuses unless allow-listed.
  const t = await createTestContext(backend === 'embedded-sqlite' ? 'sqlite' : 'postgres', { ATOM_SSRF_ALLOW: '127.0.0.1', ...options.env });
  const prefix = `t${newId().replaceAll('-', '')}`;
  const queues: JobQueue[] = [];
  const makeQueue = () => {
    const q =
      backend === 'bullmq-postgres'
        ? createBullQueue({ redisUrl: testRedisUrl(), logger: t.ctx.logger, prefix, ...(options.clock ? { clock: options.clock } : {}) })
        : createEmbeddedQueue({ db: t.ctx.db, dialect: t.ctx.database.dialect, logger: t.ctx.logger, pollIntervalMs: 25, ...(options.clock ? { clock: options.clock } : {}) });
    queues.push(q);
    return q;
  };
  const actions = options.actions ?? createActionRegistry(builtinActions);
  const queue = makeQueue();
  const engines: WorkflowEngine[] = [];
  const make = (extra: Partial<EngineOptions> = {}) => {
    const e = createWorkflowEngine(t.ctx, { queue: extra.queue ?? makeQueue(), actions, leaseMs: options.leaseMs ?? 5000, ...(options.clock ? { clock: options.clock } : {}), ...extra });
    e.start();
    engines.push(e);
    return e;
  };
  const engine = make({ queue });
  return {
    t,
    engine,
    queue,
    actions,
    async publish(definition, name = 'test workflow') {
      const def = workflowDefinitionSchema.parse(definition);
      const wf = await engine.workflows.create({ workspaceId: WS, name, definition: def, author: 'user-test' });
      await engine.workflows.update(WS, wf.id, { published_version: 1, active: 1 });
      return { id: wf.id, version: 1 };
    },
    async run(workflowId, triggerData = {}, mode = 'live') {
      const wf = await engine.workflows.get(WS, workflowId);
      const run = await engine.startRun({ workspaceId: WS, workflowId, version: wf.publishedVersion ?? wf.latestVersion, triggerType: 'manual', triggerData, mode });
      return run.id;
    },
    async finished(runId, timeoutMs = 15_000) {
      const r = await engine.waitForRun(runId, timeoutMs);
      if (!r || !['succeeded', 'failed', 'cancelled'].includes(r.status)) throw new Error(`run ${runId} did not finish in time (status ${r?.status})`);
      return r;
    },
    journal: (runId) => engine.journal.load(runId),
    second: (extra) => make(extra),
    async close() {
      for (const e of engines) e.stop();
      for (const q of queues) await q.close();
      await t.cleanup();
    },
  };
}
