import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';
import { connectionRepository } from '../../integrations/connections/connection-repository.js';
import { exampleParams, workflowTemplates } from '../index.js';

/** A template's questions include which of your connections each service uses; only one you may use is accepted. */
describe('templates: choosing a connection', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let a: TestActor;
  let colleague: TestActor;
  let b: TestActor;
  const template = workflowTemplates.find((x) => x.id === 'finance-folder-daily-digest')!;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { ATOM_LOG_LEVEL: 'warn', ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000' });
    a = await signUpOwner(t.app, { name: 'Ada' });
    colleague = await addMember(t.app, a, 'member');
    b = await signUpOwner(t.app, { name: 'Bea' });
  });
  afterAll(() => t.cleanup());

  const connect = (who: TestActor, label: string, personal: boolean) =>
    connectionRepository(t.ctx.db).create({ workspaceId: who.workspaceId, userId: personal ? who.userId : null, serviceId: 'slack', label, authKind: 'oauth2', credentialsSealed: 'x', scopes: [], accountLabel: null, expiresAt: null, createdBy: who.userId });
  const use = (who: TestActor, connections: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/api/templates/${template.id}/instantiate`, headers: who.bearer, payload: { params: exampleParams(template), connections } });

  it('lists the service to ask about, and puts the chosen connection into every step of it', async () => {
    const offered = (await t.app.inject({ url: '/api/templates', headers: a.bearer })).json<{ items: { id: string; services: string[] }[] }>().items.find((x) => x.id === template.id);
    expect(offered?.services).toContain('slack');
    const shared = await connect(a, 'Team Slack', false);
    const res = await use(a, { slack: shared.id });
    expect(res.statusCode).toBe(201);
    const wf = await t.app.inject({ url: `/api/workflows/${res.json<{ id: string }>().id}`, headers: a.bearer });
    const steps = JSON.stringify(wf.json());
    expect(steps).toContain(`"connectionId":"${shared.id}"`);
  });

  it("refuses a colleague's personal connection, another workspace's, and a service the template does not use, naming the field", async () => {
    const personal = await connect(colleague, 'Colleague own Slack', true);
    const foreign = await connect(b, 'B Slack', false);
    for (const [connections, field] of [
      [{ slack: personal.id }, 'body.connections.slack'],
      [{ slack: foreign.id }, 'body.connections.slack'],
      [{ notion: personal.id }, 'body.connections.notion'],
    ] as const) {
      const res = await use(a, connections);
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([field]);
    }
    // The colleague may use their own.
    expect((await use(colleague, { slack: personal.id })).statusCode).toBe(201);
  });
});
