import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSideEffectService, type SideEffectService } from '../../../test/fakes/side-effects/server.js';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import type { Database } from '../../platform/index.js';
import { textColumns } from '../../vault/sealed-columns.js';
import { workflowRuntime } from '../runtime.js';

const all = ['workflows:read', 'workflows:write', 'workflows:run'];
const as = (workspaceId = 'ws-a', permissions = all) => asPrincipal({ workspaceId, permissions });
type App = Awaited<ReturnType<typeof createTestApp>>;

/** Every row of every table as text: what a database dump would show. */
async function dump(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<string> {
  const out: string[] = [];
  for (const table of new Set((await textColumns(db, dialect)).map((c) => c.table))) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out.push(`# ${table}`, ...rows.rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v))));
  }
  return out.join('\n');
}

describe.each(dialects)('named workflow secrets (%s)', (dialect) => {
  let svc: SideEffectService;
  let t: App;
  beforeAll(async () => {
    svc = await startSideEffectService();
  });
  afterAll(async () => {
    await svc.close();
  });
  afterEach(async () => {
    await t?.cleanup();
  });

  it('stores secrets sealed, lists them masked, and checks names and permissions', async () => {
    t = await createTestApp(dialect, {}, { authenticator: testAuthenticator });
    const value = `sk_live_${randomBytes(12).toString('hex')}`;
    const put = await t.app.inject({ method: 'PUT', url: '/api/workflows/secrets/STRIPE_KEY', headers: as(), payload: { value } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ name: 'STRIPE_KEY', masked: '••••••••', createdBy: 'user-test' });
    expect(put.body).not.toContain(value);
    const list = await t.app.inject({ method: 'GET', url: '/api/workflows/secrets', headers: as() });
    expect(list.json<{ items: { name: string }[] }>().items.map((i) => i.name)).toEqual(['STRIPE_KEY']);
    expect(list.body).not.toContain(value);
    // Workspaces do not see each other's secrets.
    expect((await t.app.inject({ method: 'GET', url: '/api/workflows/secrets', headers: as('ws-b') })).json()).toEqual({ items: [] });
    expect((await t.app.inject({ method: 'DELETE', url: '/api/workflows/secrets/STRIPE_KEY', headers: as('ws-b') })).statusCode).toBe(404);

    const badName = await t.app.inject({ method: 'PUT', url: '/api/workflows/secrets/not-a-name', headers: as(), payload: { value: 'x' } });
    expect(badName.statusCode).toBe(400);
    expect(badName.json<{ errors: { field: string }[] }>().errors[0]?.field).toMatch(/name/);
    const empty = await t.app.inject({ method: 'PUT', url: '/api/workflows/secrets/OTHER', headers: as(), payload: { value: '' } });
    expect(empty.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PUT', url: '/api/workflows/secrets/OTHER', headers: as('ws-a', ['workflows:read']), payload: { value: 'x' } })).statusCode).toBe(403);

    const row = await t.ctx.db.selectFrom('workflow_secrets').selectAll().executeTakeFirstOrThrow();
    expect(row.value_sealed).not.toContain(value);
    expect(await workflowRuntime(t.ctx).secrets.resolve('ws-a', 'STRIPE_KEY')).toBe(value);

    expect((await t.app.inject({ method: 'DELETE', url: '/api/workflows/secrets/STRIPE_KEY', headers: as() })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/workflows/secrets', headers: as() })).json()).toEqual({ items: [] });
  });

  it('resolves secrets only inside the action: never in the journal, run detail, logs or a database dump', async () => {
    t = await createTestApp(dialect, { ATOM_LOG_LEVEL: 'trace', ATOM_JOBS_POLL_INTERVAL_MS: '20', ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
    workflowRuntime(t.ctx).startWorkers();
    const stripe = `sk_live_${randomBytes(12).toString('hex')}`;
    const token = `tok_${randomBytes(12).toString('hex')}`;
    await t.app.inject({ method: 'PUT', url: '/api/workflows/secrets/STRIPE_KEY', headers: as(), payload: { value: stripe } });

    const definition = {
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'call',
          type: 'http',
          input: { method: 'POST', url: `${svc.url}/echo`, headers: { 'x-api-key': '{{ secrets.STRIPE_KEY }}' }, bearerSecret: 'API_TOKEN', body: { note: 'key is {{ "k:" & secrets.STRIPE_KEY }}' } },
        },
        // The echoing service quoted the secret back: later steps see it redacted.
        { id: 'note', type: 'action', action: 'core.log', input: { message: 'service saw {{ steps.call.body.headers."x-api-key" }}' } },
      ],
    };
    const created = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: as(), payload: { name: 'billing', definition } });
    const id = created.json<{ id: string }>().id;

    // API_TOKEN is not set yet: activation names the step and the field.
    const refused = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: as(), payload: {} });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ errors: { field: string; message: string }[] }>().errors).toEqual([{ field: 'steps.call.input.bearerSecret', message: expect.stringMatching(/Secret API_TOKEN is not set/) }]);

    await t.app.inject({ method: 'PUT', url: '/api/workflows/secrets/API_TOKEN', headers: as(), payload: { value: token } });
    expect((await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: as(), payload: {} })).statusCode).toBe(200);
    const started = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: as(), payload: { waitMs: 10_000 } });
    const runId = started.json<{ id: string }>().id;
    let detail = await t.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: as() });
    for (let i = 0; i < 200 && detail.json<{ status: string }>().status !== 'succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 30));
      detail = await t.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: as() });
    }
    const run = detail.json<{ status: string; steps: { stepId: string; input: unknown; output: unknown; logs: unknown }[] }>();
    expect(run.status, JSON.stringify(run)).toBe('succeeded');

    // The service got the real values.
    const seen = svc.requests.filter((r) => r.path === '/echo').at(-1);
    expect(seen?.headers['x-api-key']).toBe(stripe);
    expect(seen?.headers['authorization']).toBe(`Bearer ${token}`);

    // The timeline names the secrets, never their values.
    const call = run.steps.find((s) => s.stepId === 'call');
    expect(call?.input).toMatchObject({ headers: { 'x-api-key': '⟦secret:STRIPE_KEY⟧' }, bearerSecret: 'API_TOKEN', body: { note: 'key is k:⟦secret:STRIPE_KEY⟧' } });
    expect(call?.output).toMatchObject({ body: { headers: { 'x-api-key': '[redacted]', authorization: 'Bearer [redacted]' } } });
    expect(JSON.stringify(run.steps.find((s) => s.stepId === 'note')?.logs)).toContain('service saw [redacted]');

    const places = { 'run detail': detail.body, 'database dump': await dump(t.ctx.db, dialect), logs: t.logs.text };
    for (const [where, text] of Object.entries(places)) {
      for (const secret of [stripe, token]) {
        expect(text.includes(secret), `secret in ${where}`).toBe(false);
        expect(text.includes(Buffer.from(secret).toString('base64')), `secret (base64) in ${where}`).toBe(false);
      }
    }
    expect(places.logs.length).toBeGreaterThan(0);

    // Deleting a secret a published step reads blocks the next run at validation.
    await t.app.inject({ method: 'DELETE', url: '/api/workflows/secrets/STRIPE_KEY', headers: as() });
    const check = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/validate`, headers: as(), payload: {} });
    expect(check.json<{ valid: boolean; issues: { field: string; stepId?: string }[] }>()).toMatchObject({ valid: false, issues: [{ field: 'steps.call.input.headers.x-api-key', stepId: 'call' }, { field: 'steps.call.input.body.note', stepId: 'call' }] });
    expect((await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: as(), payload: {} })).statusCode).toBe(422);
  });
});
