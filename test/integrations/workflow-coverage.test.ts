import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredCredentials } from '../../src/integrations/connections/credentials.js';
import { connectionRepository } from '../../src/integrations/connections/connection-repository.js';
import { integrationActions, integrationTriggers } from '../../src/integrations/registry.js';
import { integrationRuntime } from '../../src/integrations/runtime.js';
import { pollTriggers } from '../../src/integrations/triggers/poller.js';
import { pushTriggerParser } from '../../src/integrations/triggers/push-delivery.js';
import { registerWorkflowActions } from '../../src/integrations/workflow-actions.js';
import { createEmbeddedQueue, type JobQueue } from '../../src/platform/jobs/index.js';
import { createWorkflowEngine, type WorkflowEngine } from '../../src/workflows/engine/engine.js';
import { createEventDispatch } from '../../src/workflows/engine/events.js';
import { builtinActions, createActionRegistry, workflowDefinitionSchema, type WorkflowDefinitionInput } from '../../src/workflows/index.js';
import { createSecretStore } from '../../src/workflows/secrets/secret-repository.js';
import { hashToken } from '../../src/workflows/tokens.js';
import { createWebhookReceiver } from '../../src/workflows/webhooks/receiver.js';
import { createVault } from '../../src/vault/index.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { pushCases } from './workflow-cases/push.js';
import { conformanceServices } from './workflow-cases/conformance-declared.js';
import { workflowCaseGroups } from './workflow-cases/index.js';
import type { CaseConnection, CaseTools, WorkflowCaseGroup } from './workflow-cases/types.js';

/**
 * Issue 18's acceptance: every registered action and trigger runs end to end in a workflow against its fake
 * (or the real server for the data stores and mail).
 *
 * Why one file: vitest runs files in parallel workers and in any order, so a guard reading proofs other files
 * wrote would be fragile. Here each group of hand-written services (workflow-cases/*.ts: fakes, connections, one
 * input per action and one config + "make a new item" per trigger) runs in this file through the real engine:
 * an action as a one-step manual workflow, a trigger through the poller and the engine starting a run that
 * must succeed. An id is recorded only after its run succeeded, and the last test (the guard) fails naming
 * every registered id without a record.
 *
 * Services built with the REST kit are proved by their conformance suite instead (not run twice): its first
 * test fails unless every operation and trigger of the service has a case, and for each case it runs the
 * operation as a workflow step in the engine and the trigger through the poller and the engine. The guard
 * finds those declarations in the test files and imports the declared service objects, then counts a piece
 * only when the very object in the registry is one of the service's operations or triggers (identity, not name).
 *
 * Run the whole file: a `-t` filter skips groups, and the guard then names their pieces as unproved. A new
 * hand-written service: add a group in workflow-cases/ (or cases to an existing one) and list it in index.ts.
 */
/**
 * Registered pieces no workflow can run today, each with the reason. The guard fails when one of them is no
 * longer registered or starts being proved here, so the list only shrinks.
 */
const knownGaps: Record<string, string> = {};

const dialect = process.env['ATOM_CONFORMANCE_DIALECT'] === 'postgres' ? 'postgres' : 'sqlite';
const proved = new Set<string>();

/** One migrated context with its engine, shared by every group whose services it does not hold yet. */
interface Shared {
  t: TestContext;
  queue: JobQueue;
  engine: WorkflowEngine;
  connectionIds: Map<string, string>;
}

async function openContext(connections: CaseConnection[]): Promise<Shared> {
  const endpoints = Object.fromEntries(connections.filter((c) => c.apiBaseUrl).map((c) => [c.serviceId, { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: c.apiBaseUrl, ...(c.tokenUrl ? { tokenUrl: c.tokenUrl } : {}) }]));
  const t = await createTestContext(dialect, { ATOM_INTEGRATIONS: JSON.stringify(endpoints), ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_INTEGRATION_TIMEOUT_MS: '5000', ATOM_LOG_LEVEL: 'warn' });
  const vault = integrationRuntime(t.ctx).vault;
  const connectionIds = new Map<string, string>();
  for (const c of connections) {
    const creds: StoredCredentials = c.credentials;
    const authKind = creds.kind === 'settings' ? 'server' : creds.kind;
    const row = await connectionRepository(t.ctx.db).create({ workspaceId: 'ws-test', userId: null, serviceId: c.serviceId, label: c.serviceId, authKind, credentialsSealed: vault.sealJson(creds), scopes: [], accountLabel: null, expiresAt: null, createdBy: 'user-test' });
    connectionIds.set(c.serviceId, row.id);
  }
  const registry = createActionRegistry(builtinActions);
  registerWorkflowActions(t.ctx, registry, integrationActions);
  const queue = createEmbeddedQueue({ db: t.ctx.db, dialect: t.ctx.database.dialect, logger: t.ctx.logger, pollIntervalMs: 25 });
  const engine = createWorkflowEngine(t.ctx, { queue, actions: registry, leaseMs: 5000 });
  engine.start();
  return { t, queue, engine, connectionIds };
}

const servicesOf = (g: WorkflowCaseGroup<never>) =>
  new Set([...Object.keys(g.actions).map((id) => integrationActions.find((a) => a.id === id)?.service), ...Object.keys(g.triggers ?? {}).map((id) => integrationTriggers.find((x) => x.id === id)?.service)].filter((x) => x !== undefined));

/**
 * Groups share one migrated context and engine (migrating one per group cost most of this file's time, on
 * PostgreSQL especially), except that a service's API address is per context: a group with a service the
 * context already holds (a second fake of it) goes to the next one. Contexts open one after the other, never two
 * at once (the workflow actions bind to the context registered last).
 */
function describeContexts(groups: WorkflowCaseGroup<never>[]) {
  const buckets: { groups: WorkflowCaseGroup<never>[]; services: Set<string> }[] = [];
  for (const g of groups) {
    const services = servicesOf(g);
    let bucket = buckets.find((b) => ![...services].some((x) => b.services.has(x)));
    if (!bucket) buckets.push((bucket = { groups: [], services: new Set() }));
    bucket.groups.push(g);
    for (const x of services) bucket.services.add(x);
  }
  buckets.forEach((b, i) => {
    describe(`context ${i + 1} of ${buckets.length}`, () => {
      const running = new Map<WorkflowCaseGroup<never>, { s: never; shared: Shared }>();
      const started: { g: WorkflowCaseGroup<never>; s: never }[] = [];
      let shared: Shared | undefined;
      beforeAll(async () => {
        for (const g of b.groups) started.push({ g, s: await g.start() });
        const opened = await openContext(started.flatMap(({ g, s }) => g.connections(s)));
        shared = opened;
        for (const { g, s } of started) running.set(g, { s, shared: opened });
      }, 180_000);
      afterAll(async () => {
        shared?.engine.stop();
        await shared?.queue.close();
        await shared?.t.cleanup();
        for (const { g, s } of started) await g.stop(s);
      });
      for (const g of b.groups) describeGroup(g, running);
    });
  });
}

function describeGroup(g: WorkflowCaseGroup<never>, running: Map<WorkflowCaseGroup<never>, { s: never; shared: Shared }>) {
  describe(g.name, () => {
    const env = () => {
      const r = running.get(g);
      if (!r) throw new Error(`${g.name} did not start`);
      return r;
    };
    const publish = async (definition: WorkflowDefinitionInput) => {
      const { engine } = env().shared;
      const wf = await engine.workflows.create({ workspaceId: 'ws-test', name: `${g.name} ${Math.random()}`, definition: workflowDefinitionSchema.parse(definition), author: 'user-test' });
      await engine.workflows.update('ws-test', wf.id, { published_version: 1, active: 1 });
      return wf.id;
    };
    const succeeded = async (runId: string) => {
      const run = await env().shared.engine.waitForRun(runId, 20_000);
      expect(run?.status, `run ${runId}: ${JSON.stringify(run?.error)}`).toBe('succeeded');
    };
    const inputFor = (actionId: string, input: Record<string, unknown>) => {
      const piece = integrationActions.find((a) => a.id === actionId);
      if (!piece) throw new Error(`${actionId} is not a registered action`);
      if (piece.needsConnection === false) return input;
      const connectionId = env().shared.connectionIds.get(piece.service);
      if (!connectionId) throw new Error(`${g.name} sets up no ${piece.service} connection for ${actionId}`);
      return { connectionId, ...input };
    };
    /** Runs one action as a one-step manual workflow and waits until the run succeeded. */
    const runStep = async (actionId: string, input: Record<string, unknown>) => {
      const id = await publish({ trigger: { type: 'manual' }, steps: [{ id: 'op', type: 'action', action: actionId, input: inputFor(actionId, input) }] });
      const { engine } = env().shared;
      const run = await engine.startRun({ workspaceId: 'ws-test', workflowId: id, version: 1, triggerType: 'manual', triggerData: {} });
      await succeeded(run.id);
      expect((await engine.journal.load(run.id)).get('op')?.status).toBe('succeeded');
    };
    const tools: CaseTools = { run: runStep };

    // A case whose piece is no longer registered (renamed, moved to a built-in) shows as skipped, not failed.
    const registered = (id: string) => integrationActions.some((a) => a.id === id) || integrationTriggers.some((x) => x.id === id);
    for (const [actionId, input] of Object.entries(g.actions)) {
      it.skipIf(!registered(actionId))(`${actionId} runs as a one-step workflow`, async () => {
        await runStep(actionId, input(env().s));
        proved.add(actionId);
      });
    }
    for (const [triggerId, c] of Object.entries(g.triggers ?? {})) {
      it.skipIf(!registered(triggerId))(`${triggerId} starts a workflow run per new item through the poller and the engine`, async () => {
        const piece = integrationTriggers.find((x) => x.id === triggerId);
        if (!piece) throw new Error(`${triggerId} is not a registered trigger`);
        const { s, shared } = env();
        const { engine, t } = shared;
        const connectionId = piece.needsConnection === false ? undefined : shared.connectionIds.get(piece.service);
        const id = await publish({ trigger: { type: 'integration', trigger: triggerId, ...(connectionId ? { connectionId } : {}), pollMinutes: 1, config: c.config(s) }, steps: [{ id: 'log', type: 'action', action: 'core.log', input: { message: 'new event', data: '{{ trigger }}' } }] });
        const d = createEventDispatch(engine);
        // Acting as Atom itself (no author): the group's connections are workspace-shared.
        const dispatch = { subscriptions: async () => (await d.subscriptions()).filter((x) => x.workflowId === id).map(({ author: _author, ...x }) => x), integrationEvent: d.integrationEvent };
        let now = Date.now();
        const pass = () => pollTriggers(t.ctx, dispatch, [piece], { clock: { now: () => (now += 2 * 60_000) } });
        const first = await pass();
        expect(first.failed).toBe(0);
        await c.produce(s, tools);
        const second = await pass();
        expect(second.failed).toBe(0);
        expect(first.events + second.events, 'events after a new item').toBeGreaterThanOrEqual(1);
        const runs = await t.ctx.db.selectFrom('workflow_runs').select(['id']).where('workflow_id', '=', id).execute();
        expect(runs.length).toBe(first.events + second.events);
        for (const r of runs) await succeeded(r.id);
        proved.add(triggerId);
      });
    }
  });
}

describeContexts(workflowCaseGroups);

/**
 * Push-mode triggers (kind 'webhook'): each case's signed delivery goes through the webhook receiver behind
 * POST /api/hooks/:token (token, signing secret from the vault, the piece's check, one run per event).
 */
describe('push triggers, through the webhook receiver', () => {
  let shared: Shared | undefined;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    shared = await openContext([]);
    stop = await pushCases.start();
  }, 180_000);
  afterAll(async () => {
    await stop?.();
    shared?.engine.stop();
    await shared?.queue.close();
    await shared?.t.cleanup();
  });
  for (const c of pushCases.cases) {
    it(`${c.trigger} starts a workflow run per pushed event`, async () => {
      const { engine, t } = shared!;
      const vault = createVault(t.ctx);
      const secrets = createSecretStore(t.ctx.db, vault);
      const receiver = createWebhookReceiver(t.ctx, () => ({ engine, events: createEventDispatch(engine), secrets }), pushTriggerParser(integrationTriggers));
      const secret = `secret-${c.trigger}`;
      // A service that generates the secret (Stripe, Shopify) has it stored as a workspace secret the trigger names.
      if (c.namedSecret) await secrets.set('ws-test', c.namedSecret, secret, 'user-test');
      const definition = workflowDefinitionSchema.parse({ trigger: { type: 'integration', trigger: c.trigger, mode: 'push', config: c.config, ...(c.namedSecret ? { signingSecret: c.namedSecret } : {}) }, steps: [{ id: 'log', type: 'action', action: 'core.log', input: { message: 'pushed', data: '{{ trigger }}' } }] });
      const wf = await engine.workflows.create({ workspaceId: 'ws-test', name: `push ${c.trigger}`, definition, author: 'user-test' });
      const token = `whk_${c.trigger.replace(/\W/g, '_')}_token`;
      await engine.workflows.update('ws-test', wf.id, { published_version: 1, active: 1, webhook_token_hash: hashToken(token), webhook_hmac_sealed: c.namedSecret ? null : vault.seal(secret) });
      const d = c.delivery(secret);
      const answer = await receiver.receive({ token, ip: '127.0.0.1', method: 'POST', headers: d.headers, query: {}, rawBody: Buffer.from(d.body) });
      expect('pushed' in answer && answer.runIds.length).toBe(1);
      const forged = await receiver.receive({ token, ip: '127.0.0.1', method: 'POST', headers: c.delivery('not-the-secret').headers, query: {}, rawBody: Buffer.from(d.body) }).catch((e: unknown) => e);
      expect(forged).toMatchObject({ status: 401 });
      const runs = await t.ctx.db.selectFrom('workflow_runs').select(['id']).where('workflow_id', '=', wf.id).execute();
      expect(runs).toHaveLength(1);
      const run = await engine.waitForRun(runs[0]!.id, 20_000);
      expect(run?.status, JSON.stringify(run?.error)).toBe('succeeded');
      proved.add(c.trigger);
    });
  }
});

describe('every registered action and trigger runs in a workflow (the guard)', () => {
  it('names no unproved piece', async () => {
    const kit = new Set<string>();
    for (const { service } of await conformanceServices()) {
      for (const op of service.operations) if (integrationActions.includes(op.action)) kit.add(op.action.id);
      for (const tr of service.triggers) if (integrationTriggers.includes(tr.trigger)) kit.add(tr.trigger.id);
    }
    const all = [...integrationActions.map((a) => a.id), ...integrationTriggers.map((x) => x.id)];
    const missing = all.filter((id) => !proved.has(id) && !kit.has(id) && !(id in knownGaps));
    expect(missing, 'registered pieces with no workflow run').toEqual([]);
    for (const id of Object.keys(knownGaps)) {
      expect(all, `known gap ${id} is still registered`).toContain(id);
      expect(proved.has(id) || kit.has(id), `${id} is proved now: remove it from knownGaps`).toBe(false);
    }
    const inFile = (ids: string[]) => ids.filter((id) => proved.has(id) || kit.has(id)).length;
    console.info(`workflow coverage: ${inFile(integrationActions.map((a) => a.id))} actions + ${inFile(integrationTriggers.map((x) => x.id))} triggers proved (${proved.size} in this file, ${kit.size} by conformance suites)`);
  });
});
