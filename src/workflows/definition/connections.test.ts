import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { connectionRepository } from '../../integrations/connections/connection-repository.js';
import { createVault } from '../../vault/index.js';

// Using a workspace-shared connection needs connections:read (the access policy's connection rule).
const all = ['workflows:read', 'workflows:write', 'workflows:run', 'connections:read'];
const as = (workspaceId = 'ws-a') => asPrincipal({ workspaceId, permissions: all });
type App = Awaited<ReturnType<typeof createTestApp>>;
type Issues = { valid: boolean; issues: { code: string; field: string; message: string; stepId?: string }[] };

describe.each(dialects)('activation checks connections (%s)', (dialect) => {
  let t: App;
  afterEach(async () => {
    await t?.cleanup();
  });

  it('blocks a step whose connection is missing, revoked, expired or unhealthy, naming step and field', async () => {
    t = await createTestApp(dialect, {}, { authenticator: testAuthenticator });
    const repo = connectionRepository(t.ctx.db);
    const vault = createVault(t.ctx);
    const connect = (workspaceId: string, label: string) =>
      repo.create({ workspaceId, userId: null, serviceId: 'slack', label, authKind: 'oauth2', credentialsSealed: vault.sealJson({ accessToken: 'x' }), scopes: [], accountLabel: null, expiresAt: null, createdBy: 'user-test' });
    const save = async (input: Record<string, unknown>) => {
      const definition = { trigger: { type: 'manual' }, steps: [{ id: 'post', type: 'action', action: 'slack.post_message', input: { channel: 'C001', text: 'hi', ...input } }] };
      const r = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: as(), payload: { name: 'notify', definition } });
      return r.json<{ id: string }>().id;
    };
    const validate = async (id: string) => (await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/validate`, headers: as(), payload: {} })).json<Issues>();
    const activate = (id: string) => t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: as(), payload: {} });

    // No Slack connection in the workspace yet.
    const implicit = await save({});
    const none = await activate(implicit);
    expect(none.statusCode).toBe(422);
    expect(none.json<{ errors: { field: string; message: string }[] }>().errors).toEqual([{ field: 'steps.post.input.connectionId', message: expect.stringMatching(/No slack connection/) }]);
    expect((await validate(implicit)).issues[0]).toMatchObject({ code: 'workflows.validation.connection', stepId: 'post' });

    // Another workspace's connection does not count, even when named.
    const foreign = await connect('ws-b', 'Their Slack');
    expect((await validate(implicit)).valid).toBe(false);
    const named = await save({ connectionId: foreign.id });
    expect((await validate(named)).issues).toEqual([expect.objectContaining({ field: 'steps.post.input.connectionId', message: expect.stringMatching(/does not exist/) })]);

    // A healthy (or merely degraded) connection passes; revoked, expired and failing ones do not.
    const own = await connect('ws-a', 'Team Slack');
    expect((await activate(implicit)).statusCode).toBe(200);
    for (const [status, ok, pattern] of [
      ['degraded', true, undefined],
      ['revoked', false, /"Team Slack" is revoked/],
      ['expired', false, /is expired; reconnect/],
      ['error', false, /unhealthy/],
    ] as const) {
      await repo.setStatus('ws-a', own.id, status);
      const r = await validate(implicit);
      expect(r.valid, status).toBe(ok);
      if (pattern) expect(r.issues).toEqual([expect.objectContaining({ stepId: 'post', field: 'steps.post.input.connectionId', message: expect.stringMatching(pattern) })]);
    }
    expect((await activate(implicit)).statusCode).toBe(422);

    // Publishing an earlier version checks connections only while the workflow is active; dry runs never need them.
    const rollback = () => t.app.inject({ method: 'POST', url: `/api/workflows/${implicit}/rollback`, headers: as(), payload: { version: 1 } });
    expect((await rollback()).statusCode).toBe(422);
    expect((await t.app.inject({ method: 'POST', url: `/api/workflows/${implicit}/run`, headers: as(), payload: { dryRun: true } })).statusCode).toBe(202);
    expect((await t.app.inject({ method: 'POST', url: `/api/workflows/${implicit}/run`, headers: as(), payload: {} })).statusCode).toBe(422);
    await t.app.inject({ method: 'POST', url: `/api/workflows/${implicit}/deactivate`, headers: as(), payload: {} });
    expect((await rollback()).statusCode).toBe(200);

    // Two connections: the step must say which.
    await repo.setStatus('ws-a', own.id, 'healthy');
    await connect('ws-a', 'Second Slack');
    expect((await validate(implicit)).issues[0]?.message).toMatch(/choose one with connectionId/);
    expect((await validate(await save({ connectionId: own.id }))).valid).toBe(true);
    // A connection chosen by an expression is known only when the run reaches the step.
    expect((await validate(await save({ connectionId: '{{ trigger.connection }}' }))).valid).toBe(true);
  });
});
