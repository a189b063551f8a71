// Test support (not imported by production code): the checks every declared REST service passes against its fake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FakeService } from '../../../test/fakes/kit/fake-service.js';
import type { TestDialect } from '../../../test/support/context.js';
import { createEmbeddedQueue, type JobQueue } from '../../platform/jobs/index.js';
import { builtinActions, createActionRegistry, validateDefinition, workflowDefinitionSchema, type WorkflowDefinitionInput } from '../../workflows/index.js';
import { createWorkflowEngine, type WorkflowEngine } from '../../workflows/engine/engine.js';
import { createEventDispatch } from '../../workflows/engine/events.js';
import { findService } from '../catalog/index.js';
import type { StoredCredentials } from '../connections/credentials.js';
import { authMismatch, type RestService } from '../kit/rest.js';
import { integrationActions, integrationTriggers } from '../registry.js';
import { integrationTriggerProblems } from '../triggers/activation.js';
import { pollTriggers } from '../triggers/poller.js';
import { registerWorkflowActions } from '../workflow-actions.js';
import { pieceHarness, type PieceHarness } from './harness.js';

export interface OperationCase {
  /** A valid input (without connectionId) that succeeds against the fake. */
  input: Record<string, unknown>;
  /** Extra assertions on the output (already validated by the output schema). */
  check?(output: unknown, fake: FakeService): void;
  /** An input the schema refuses, and the top-level field the refusal must name. */
  badInput: { input: Record<string, unknown>; field: string };
}

export interface TriggerCase {
  config: Record<string, unknown>;
  /** Makes one new item appear in the fake (a row, a message...). */
  produce(fake: FakeService): void | Promise<void>;
  check?(events: unknown[]): void;
}

export interface ConformanceOptions<F extends FakeService> {
  service: RestService;
  startFake(): Promise<F>;
  /** Path under the fake that stands for the API base URL (`/v4`). */
  basePath?: string;
  tokenPath?: string;
  /** What the connection holds (default: an OAuth token the fake issued, refreshable). */
  credentials?(fake: F): StoredCredentials;
  /** A 429 answer's body in the service's own shape. */
  throttleBody?: unknown;
  operations: Record<string, OperationCase>;
  triggers?: Record<string, TriggerCase>;
  /** The database under the harness (default: ATOM_CONFORMANCE_DIALECT, else sqlite). */
  dialect?: TestDialect;
  /** Runs after the shared checks, with the harness and fake (service-specific cases). */
  extra?(ctx: () => { h: PieceHarness; fake: F }): void;
}

const THROTTLE_SECONDS = 1;

/**
 * Declares the conformance suite of one REST service (call it at the top level of the service's test file):
 * for each declared operation and poll trigger, success against the fake, every page walked (paginated
 * operations), a 429 with Retry-After retried until it succeeds, bad input refused naming the field before any
 * call, a run of a one-step workflow in the engine, and finally 401: a clear "reconnect" error and the
 * connection marked as needing it.
 *
 * @example
 * describeConformance({ service: sheets, startFake: startSheetsFake, basePath: '/v4', operations: { 'google_sheets.append_row': {...} } });
 */
export function describeConformance<F extends FakeService>(o: ConformanceOptions<F>): void {
  const svc = o.service;
  let fake: F;
  let h: PieceHarness;
  let engine: WorkflowEngine;
  let queue: JobQueue;
  const registry = createActionRegistry(builtinActions);

  beforeAll(async () => {
    fake = await o.startFake();
    h = await pieceHarness({
      serviceId: svc.id,
      fake,
      ...(o.basePath ? { basePath: o.basePath } : {}),
      ...(o.tokenPath ? { tokenPath: o.tokenPath } : {}),
      dialect: o.dialect ?? (process.env['ATOM_CONFORMANCE_DIALECT'] === 'postgres' ? 'postgres' : 'sqlite'),
      ...(o.credentials ? { credentials: () => o.credentials!(fake) } : {}),
      env: { ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_INTEGRATION_TIMEOUT_MS: '3000' },
    });
    registerWorkflowActions(h.ctx, registry, integrationActions);
    queue = createEmbeddedQueue({ db: h.ctx.db, dialect: h.ctx.database.dialect, logger: h.ctx.logger, pollIntervalMs: 25 });
    engine = createWorkflowEngine(h.ctx, { queue, actions: registry, leaseMs: 5000 });
    engine.start();
  }, 60_000);
  afterAll(async () => {
    engine?.stop();
    await queue?.close();
    await h?.cleanup();
    await fake?.close();
  });

  /** Creates, publishes and activates a workflow in the harness's workspace. */
  const publish = async (definition: WorkflowDefinitionInput) => {
    const wf = await engine.workflows.create({ workspaceId: 'ws-test', name: `conformance ${svc.id}`, definition: workflowDefinitionSchema.parse(definition), author: 'user-test' });
    await engine.workflows.update('ws-test', wf.id, { published_version: 1, active: 1 });
    return wf.id;
  };
  const finished = async (runId: string) => {
    const run = await engine.waitForRun(runId, 20_000);
    expect(run?.status, `run ${runId}: ${JSON.stringify(run?.error)}`).toBe('succeeded');
    return engine.journal.load(runId);
  };
  const callsSince = (n: number) => fake.requests.slice(n);

  describe(`${svc.name} (${svc.id}) conformance`, () => {
    it('declares the auth its catalog entry signs calls with, and every piece is registered and has a case', () => {
      const entry = findService(svc.id);
      expect(entry, `catalog entry ${svc.id}`).toBeDefined();
      expect(authMismatch(svc.auth, entry!.auth)).toBeUndefined();
      for (const op of svc.operations) {
        expect(integrationActions, `${op.action.id} in registry.ts`).toContain(op.action);
        expect(o.operations[op.action.id], `a case for ${op.action.id}`).toBeDefined();
      }
      for (const t of svc.triggers) {
        expect(integrationTriggers, `${t.trigger.id} in registry.ts`).toContain(t.trigger);
        expect(o.triggers?.[t.trigger.id], `a case for ${t.trigger.id}`).toBeDefined();
      }
      expect(Object.keys(o.operations).sort()).toEqual(svc.operations.map((op) => op.action.id).sort());
    });

    it('names each piece <service>.<verb_noun>, describes it for the AI, and its schemas become JSON Schema (tools, OpenAPI)', () => {
      const prefix = svc.id.replaceAll('-', '_');
      for (const p of [...svc.operations.map((op) => op.action), ...svc.triggers.map((t) => t.trigger)]) {
        expect(p.id, p.id).toMatch(new RegExp(`^${prefix}\\.[a-z0-9]+(?:_[a-z0-9]+)*$`));
        expect(p.aiDescription.length, `${p.id} aiDescription`).toBeGreaterThanOrEqual(30);
        expect(() => z.toJSONSchema('input' in p ? p.input : p.config, { io: 'input', unrepresentable: 'any' }), p.id).not.toThrow();
      }
    });

    for (const { action, paginated } of svc.operations) {
      const c = o.operations[action.id];
      if (!c) continue;
      describe(action.id, () => {
        it(paginated ? 'succeeds, walking every page' : 'succeeds', async () => {
          const before = fake.requests.length;
          const out = await h.run(action, c.input);
          c.check?.(out, fake);
          if (paginated) expect(callsSince(before).length, 'pages fetched').toBeGreaterThan(1);
        });

        it(`waits out a 429 with Retry-After (${THROTTLE_SECONDS} s) and then succeeds`, async () => {
          const before = fake.requests.length;
          fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': String(THROTTLE_SECONDS) }, ...(o.throttleBody !== undefined ? { body: o.throttleBody } : {}) });
          const started = Date.now();
          await h.run(action, c.input);
          expect(Date.now() - started).toBeGreaterThanOrEqual(THROTTLE_SECONDS * 1000 - 50);
          const calls = callsSince(before);
          expect(calls.length).toBeGreaterThanOrEqual(2);
          expect(calls[1]?.path.split('?')[0]).toBe(calls[0]?.path.split('?')[0]);
        });

        it('refuses bad input naming the field, before any call', async () => {
          const parsed = action.input.safeParse(c.badInput.input);
          expect(parsed.success).toBe(false);
          expect(parsed.error?.issues.map((i) => String(i.path[0]))).toContain(c.badInput.field);
          const before = fake.requests.length;
          const issues = await validateDefinition({ trigger: { type: 'manual' }, steps: [{ id: 'op', type: 'action', action: action.id, input: c.badInput.input }] }, { actions: registry });
          expect(issues.map((i) => i.field)).toContainEqual(expect.stringMatching(new RegExp(`^steps\\.op\\.input\\.${c.badInput.field}\\b`)));
          const step = registry.get(action.id)!;
          await expect(step.run({ workspaceId: 'ws-test', runId: 'r-bad', stepId: 'op', idempotencyKey: 'r-bad:op', attempt: 1, signal: new AbortController().signal, logger: h.ctx.logger, dryRun: false, secret: async () => undefined, log: () => undefined }, c.badInput.input)).rejects.toThrow();
          expect(fake.requests.length).toBe(before);
        });

        it('runs as a step of a workflow in the engine', async () => {
          const id = await publish({ trigger: { type: 'manual' }, steps: [{ id: 'op', type: 'action', action: action.id, input: c.input }] });
          const run = await engine.startRun({ workspaceId: 'ws-test', workflowId: id, version: 1, triggerType: 'manual', triggerData: {} });
          const journal = await finished(run.id);
          expect(journal.get('op')?.status).toBe('succeeded');
        });
      });
    }

    for (const { trigger } of svc.triggers) {
      const c = o.triggers?.[trigger.id];
      if (!c) continue;
      describe(trigger.id, () => {
        it('the first poll only sets the cursor; a new item is one event, once', async () => {
          const first = await h.poll(trigger, c.config);
          expect(first.events).toEqual([]);
          await c.produce(fake);
          const second = await h.poll(trigger, c.config, first.cursor);
          expect(second.events).toHaveLength(1);
          c.check?.(second.events);
          expect((await h.poll(trigger, c.config, second.cursor)).events).toEqual([]);
        });

        it('its activation check reads the list once and accepts the config', async () => {
          const before = fake.requests.length;
          const problems = await integrationTriggerProblems(h.ctx, [trigger], { type: 'integration', trigger: trigger.id, mode: 'poll', pollMinutes: 5, config: c.config }, { probe: true, workspaceId: 'ws-test' });
          expect(problems).toEqual([]);
          expect(fake.requests.length - before).toBeGreaterThanOrEqual(1);
        });

        it(`waits out a 429 with Retry-After while polling`, async () => {
          const first = await h.poll(trigger, c.config);
          await c.produce(fake);
          fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': String(THROTTLE_SECONDS) }, ...(o.throttleBody !== undefined ? { body: o.throttleBody } : {}) });
          expect((await h.poll(trigger, c.config, first.cursor)).events).toHaveLength(1);
        });

        it('starts a workflow run per new item through the poller and the engine', async () => {
          const id = await publish({ trigger: { type: 'integration', trigger: trigger.id, connectionId: h.connection.id, pollMinutes: 1, config: c.config }, steps: [{ id: 'log', type: 'action', action: 'core.log', input: { message: 'new event', data: '{{ trigger }}' } }] });
          const d = createEventDispatch(engine);
          // Acting as Atom itself (no author): the harness's connection is workspace-shared.
          const dispatch = { subscriptions: async () => (await d.subscriptions()).filter((s) => s.workflowId === id).map(({ author: _author, ...s }) => s), integrationEvent: d.integrationEvent };
          let now = Date.now();
          const pass = () => pollTriggers(h.ctx, dispatch, [trigger], { clock: { now: () => (now += 2 * 60_000) } });
          expect(await pass()).toMatchObject({ events: 0, failed: 0 });
          await c.produce(fake);
          expect(await pass()).toMatchObject({ events: 1, failed: 0 });
          const runs = await h.ctx.db.selectFrom('workflow_runs').select(['id', 'trigger_type']).where('workflow_id', '=', id).execute();
          expect(runs).toHaveLength(1);
          await finished(runs[0]!.id);
        });
      });
    }

    o.extra?.(() => ({ h, fake }));

    // Last: it expires every token the fake issued and refuses refreshes.
    describe('an invalid sign-in', () => {
      beforeAll(() => {
        fake.expireAll();
        fake.refreshTokens.clear();
      });
      for (const { action } of svc.operations) {
        const c = o.operations[action.id];
        if (!c) continue;
        it(`${action.id}: a clear reconnect error, not retried, and the connection needs reconnecting`, async () => {
          const before = fake.requests.length;
          const err: unknown = await h.run(action, c.input).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(err).toMatchObject({ code: 'integrations.http.unauthorized', message: expect.stringMatching(new RegExp(`^${svc.name} says `)) });
          // One call, plus one retry after a refresh attempt (the refresh fails).
          expect(callsSince(before).length).toBeLessThanOrEqual(2);
          expect((await h.health()).needsReconnect).toBe(true);
        });
      }
      for (const { trigger } of svc.triggers) {
        const c = o.triggers?.[trigger.id];
        if (!c) continue;
        it(`${trigger.id}: a poll fails with a clear reconnect error`, async () => {
          await expect(h.poll(trigger, c.config)).rejects.toMatchObject({ code: 'integrations.http.unauthorized' });
        });
      }
    });
  });
}
