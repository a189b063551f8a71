import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { builtinActions, createActionRegistry, defineAction } from '../actions/index.js';
import { workflowDefinitionSchema, type WorkflowDefinitionInput } from '../definition/schema.js';
import { workflowRuntime, type WorkflowRuntime } from '../runtime.js';

const WS = 'ws-logs';
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Test-only: an action that logs everything it should not (its input, its headers, errors quoting the secret). */
const leakyAction = defineAction({
  id: 'test.leaky_logger',
  title: 'Leaky logger',
  description: 'Logs its secrets (test only).',
  input: z.object({ credential: z.string(), note: z.string() }),
  output: z.object({ ok: z.boolean() }),
  idempotent: true,
  sideEffect: false,
  async run(ctx, input) {
    const bearer = (await ctx.secret('API_TOKEN')) ?? '';
    ctx.logger.info({ input }, 'leaky: my input');
    ctx.logger.info({ outgoing: { Authorization: `Bearer ${bearer}` } }, 'leaky: request headers');
    ctx.logger.error({ err: new Error(`upstream rejected ${bearer}`) }, 'leaky: upstream error');
    ctx.logger.warn({ payload: { nested: [{ raw64: b64(bearer), basic: `Basic ${b64(`user:${bearer}`)}` }] } }, 'leaky: encoded');
    ctx.logger.child({ callback: `https://hooks.example/?t=${encodeURIComponent(bearer)}` }).debug('leaky: child');
    throw new Error(`service answered 401 for Bearer ${bearer}`);
  },
});

/** Every form of the secret that must not appear anywhere. */
const forms = (secret: string) => [secret, b64(secret), encodeURIComponent(secret), b64(`Bearer ${secret}`), b64(`user:${secret}`)];

describe('secrets in action logs (sqlite)', () => {
  let t: TestContext;
  let runtime: WorkflowRuntime;
  let upstream: Server;
  let upstreamUrl: string;

  beforeAll(async () => {
    // Answers 500 quoting the Authorization header it got, plain and base64-encoded (a careless API).
    upstream = createServer((req, res) => {
      const auth = req.headers['authorization'] ?? '';
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal', got: auth, echo: b64(auth) }));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => upstream.close(r));
  });
  afterEach(async () => {
    await t?.cleanup();
  });

  async function start(secret: string, definition: WorkflowDefinitionInput) {
    t = await createTestContext('sqlite', { ATOM_LOG_LEVEL: 'trace', ATOM_JOBS_POLL_INTERVAL_MS: '20', ATOM_SSRF_ALLOW: '127.0.0.1' });
    runtime = workflowRuntime(t.ctx, { actions: createActionRegistry([...builtinActions, leakyAction]) });
    runtime.startWorkers();
    await runtime.secrets.set(WS, 'API_TOKEN', secret, 'user-test');
    const { engine } = runtime;
    const wf = await engine.workflows.create({ workspaceId: WS, name: 'leaky', definition: workflowDefinitionSchema.parse(definition), author: 'user-test' });
    await engine.workflows.update(WS, wf.id, { published_version: 1, active: 1 });
    const run = await engine.startRun({ workspaceId: WS, workflowId: wf.id, version: 1, triggerType: 'manual', triggerData: {} });
    const done = await engine.waitForRun(run.id, 15_000);
    expect(done?.status).toBe('failed');
    const stored = JSON.stringify({ run: await engine.runs.get(run.id), journal: [...(await engine.journal.load(run.id)).values()] });
    return { stored, logs: t.logs };
  }

  it('an action logging its input, headers, errors and encoded secrets writes none of them', async () => {
    const secret = `sk/${randomBytes(12).toString('hex')}+ä=`;
    const { stored, logs } = await start(secret, {
      trigger: { type: 'manual' },
      steps: [{ id: 'leak', type: 'action', action: 'test.leaky_logger', input: { credential: '{{ secrets.API_TOKEN }}', note: 'ok' }, retry: { maxAttempts: 1 } }],
    });
    const leaky = logs.entries().filter((e) => String(e['msg']).startsWith('leaky:'));
    expect(leaky.map((e) => e['msg'])).toEqual(['leaky: my input', 'leaky: request headers', 'leaky: upstream error', 'leaky: encoded', 'leaky: child']);
    expect(leaky[0]).toMatchObject({ stepId: 'leak', action: 'test.leaky_logger', input: { credential: '[redacted]', note: 'ok' } });
    expect(leaky[1]).toMatchObject({ outgoing: { Authorization: 'Bearer [redacted]' } });
    expect(leaky[2]).toMatchObject({ err: { message: 'upstream rejected [redacted]' } });
    expect(leaky[3]).toMatchObject({ payload: { nested: [{ raw64: '[redacted]' }] } });
    expect(leaky[4]).toMatchObject({ callback: 'https://hooks.example/?t=[redacted]' });
    expect(stored).toContain('service answered 401 for Bearer [redacted]');
    for (const form of forms(secret)) {
      expect(logs.text.includes(form), `logs hold ${form}`).toBe(false);
      expect(stored.includes(form), `run or journal holds ${form}`).toBe(false);
    }
  });

  it('core.http_request failing against a service that echoes the bearer token logs and stores it redacted', async () => {
    const secret = `tok/${randomBytes(12).toString('hex')}+Z`;
    const { stored, logs } = await start(secret, {
      trigger: { type: 'manual' },
      steps: [{ id: 'call', type: 'http', input: { method: 'POST', url: `${upstreamUrl}/charge`, bearerSecret: 'API_TOKEN', body: { amount: 1 } }, retry: { maxAttempts: 1 } }],
    });
    const line = logs.entries().find((e) => e['msg'] === 'HTTP request answered an error status');
    expect(line).toMatchObject({ stepId: 'call', action: 'core.http_request', response: { status: 500, body: expect.stringContaining('"got":"Bearer [redacted]"') } });
    expect(stored).toContain('Bearer [redacted]');
    for (const form of forms(secret)) {
      expect(logs.text.includes(form), `logs hold ${form}`).toBe(false);
      expect(stored.includes(form), `run or journal holds ${form}`).toBe(false);
    }
  });
});
