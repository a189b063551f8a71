import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStripeFake, type StripeFake } from '../stripe/fake.js';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { workflowRuntime } from '../../workflows/runtime.js';

const as = () => asPrincipal({ workspaceId: 'ws-a', permissions: ['workflows:read', 'workflows:write', 'workflows:run'] });
type App = Awaited<ReturnType<typeof createTestApp>>;
const logStep = [{ id: 'log', type: 'action', action: 'core.log', input: { message: 'pushed', data: '{{ trigger }}' } }];

describe('push delivery to integration triggers (POST /api/hooks/:token)', () => {
  let t: App;
  let stripe: StripeFake;
  beforeAll(async () => {
    stripe = await startStripeFake();
  });
  afterAll(async () => {
    await stripe.close();
  });
  afterEach(async () => {
    await t?.cleanup();
  });
  const start = async () => {
    t = await createTestApp('sqlite', { ATOM_JOBS_POLL_INTERVAL_MS: '20' }, { authenticator: testAuthenticator });
    workflowRuntime(t.ctx).startWorkers();
  };
  /** Creates and activates a workflow; the webhook URL's path and the secret shown once. */
  const activate = async (trigger: Record<string, unknown>) => {
    const created = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: as(), payload: { name: 'push', definition: { trigger, steps: logStep } } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const r = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: as(), payload: {} });
    expect(r.statusCode, r.body).toBe(200);
    const webhook = r.json<{ webhook?: { url: string; hmacSecret?: string } }>().webhook;
    if (!webhook) throw new Error('activation issued no webhook');
    return { id, path: new URL(webhook.url, 'http://atom.test').pathname, secret: webhook.hmacSecret };
  };
  const runsOf = async (workflowId: string) => t.ctx.db.selectFrom('workflow_runs').select(['id', 'trigger_data']).where('workflow_id', '=', workflowId).execute();
  const finished = async (runId: string) => {
    const run = await workflowRuntime(t.ctx).engine.waitForRun(runId, 10_000);
    expect(run?.status).toBe('succeeded');
  };
  const sign = (secret: string, body: string, at = Math.floor(Date.now() / 1000)) => ({ 'content-type': 'application/json', 'x-atom-timestamp': String(at), 'x-atom-signature': `sha256=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}` });

  it('webhook.incoming: a signed POST starts one run with the body as data; a bad signature is 401 and a replay 409, both starting nothing', async () => {
    await start();
    const { id, path, secret } = await activate({ type: 'integration', trigger: 'webhook.incoming', mode: 'push' });
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const body = JSON.stringify({ order: 42, note: '{{ secrets.x }}' });
    const headers = sign(secret!, body);
    const ok = await t.app.inject({ method: 'POST', url: path, headers, payload: body });
    expect(ok.statusCode, ok.body).toBe(202);
    const { runId, runIds } = ok.json<{ runId: string; runIds: string[] }>();
    expect(runIds).toEqual([runId]);
    await finished(runId);
    const runs = await runsOf(id);
    expect(runs).toHaveLength(1);
    // The body is data: an expression in it stays text.
    expect((JSON.parse(runs[0]!.trigger_data) as { body: unknown }).body).toEqual({ order: 42, note: '{{ secrets.x }}' });

    const bad = await t.app.inject({ method: 'POST', url: path, headers: sign('not-the-secret', body), payload: body });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const replay = await t.app.inject({ method: 'POST', url: path, headers, payload: body });
    expect(replay.statusCode).toBe(409);
    const forged = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json' }, payload: body });
    expect(forged.statusCode).toBe(401);
    expect(await runsOf(id)).toHaveLength(1);
  });

  it('stripe.webhook_event: an event signed with the secret the trigger names starts a run; the same event again starts none', async () => {
    await start();
    // Named before it is set: refused at activation, naming the field (every delivery would be a 401).
    const early = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: as(), payload: { name: 'early', definition: { trigger: { type: 'integration', trigger: 'stripe.webhook_event', mode: 'push', signingSecret: 'STRIPE_WHSEC' }, steps: logStep } } });
    const refused = await t.app.inject({ method: 'POST', url: `/api/workflows/${early.json<{ id: string }>().id}/activate`, headers: as(), payload: {} });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ errors?: { field: string }[] }>().errors?.map((e) => e.field)).toContain('trigger.signingSecret');
    await workflowRuntime(t.ctx).secrets.set('ws-a', 'STRIPE_WHSEC', 'whsec_test_123', 'user-test');
    const { id, path, secret } = await activate({ type: 'integration', trigger: 'stripe.webhook_event', mode: 'push', signingSecret: 'STRIPE_WHSEC', config: { types: ['customer.created'] } });
    expect(secret).toBeUndefined();
    const event = stripe.addCustomer('ada@example.com', 'Ada') && stripe.events.at(-1)!;
    const d = stripe.signedDelivery(event, 'whsec_test_123');
    const r = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', 'stripe-signature': d.signature }, payload: d.body });
    expect(r.statusCode, r.body).toBe(202);
    await finished(r.json<{ runId: string }>().runId);
    const runs = await runsOf(id);
    expect(runs).toHaveLength(1);
    expect(JSON.parse(runs[0]!.trigger_data)).toMatchObject({ id: event.id, type: 'customer.created', object: { email: 'ada@example.com' } });
    // Stripe re-signs a retry with a new timestamp: the event id still starts no second run.
    const again = stripe.signedDelivery(event, 'whsec_test_123', Math.floor(Date.now() / 1000) + 1);
    const retry = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', 'stripe-signature': again.signature }, payload: again.body });
    expect(retry.statusCode).toBe(202);
    expect(await runsOf(id)).toHaveLength(1);
    const wrong = stripe.signedDelivery(event, 'whsec_other');
    expect((await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', 'stripe-signature': wrong.signature }, payload: wrong.body })).statusCode).toBe(401);
  });

  it('a delivery to an inactive workflow or an unknown token is 404', async () => {
    await start();
    const { id, path, secret } = await activate({ type: 'integration', trigger: 'webhook.incoming', mode: 'push' });
    await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/deactivate`, headers: as() });
    const body = '{}';
    expect((await t.app.inject({ method: 'POST', url: path, headers: sign(secret!, body), payload: body })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/hooks/whk_not-a-real-token-at-all', headers: sign(secret!, body), payload: body })).statusCode).toBe(404);
    expect(await runsOf(id)).toHaveLength(0);
  });
});
