import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse } from '../../test/realtime/sse-client.js';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { createAuthenticator } from '../auth/index.js';
import { publish, realtimeRoutes } from './index.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

// The stream routes again under a probe prefix with a fast re-check (the app's own re-checks every 30 s).
describe.each(dialects)('an open stream follows access changes (%s)', (dialect) => {
  let t: TestApp;
  let base: string;
  let owner: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0' }, {
      extraPlugins: [
        async (app, ctx) => {
          await app.register(realtimeRoutes(ctx, { authenticator: createAuthenticator(ctx), recheckMs: 150 }), { prefix: '/probe' });
        },
      ],
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    owner = await signUpOwner(t.app);
  });
  afterAll(() => t.cleanup());

  it('narrows with a demotion and ends when the member is removed', async () => {
    const member = await addMember(t.app, owner, 'member');
    const s = await openSse(`${base}/probe/events`, { cookie: member.cookie });
    try {
      await s.waitFor((f) => f.event === 'ready');
      const needsWrite = async (n: number) => publish(t.ctx, { workspaceId: owner.workspaceId, type: 'test.write_only', resource: { kind: 'test', id: String(n) }, permission: 'workflows:write' });
      const first = await needsWrite(1);
      await s.waitFor((f) => f.id === first!.id);

      const demote = await t.app.inject({ method: 'PATCH', url: `/api/members/${member.userId}`, headers: owner.bearer, payload: { role: 'viewer' } });
      expect(demote.statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      await needsWrite(2);
      const sentinel = await publish(t.ctx, { workspaceId: owner.workspaceId, type: 'test.sentinel', resource: { kind: 'test', id: 's' } });
      await s.waitFor((f) => f.id === sentinel!.id);
      expect(s.events().filter((e) => e.type === 'test.write_only').map((e) => e.resource.id)).toEqual(['1']);

      const remove = await t.app.inject({ method: 'DELETE', url: `/api/members/${member.userId}`, headers: owner.bearer });
      expect(remove.statusCode).toBeLessThan(300);
      const end = await s.waitFor((f) => f.event === 'end', 3000);
      expect(end.data).toEqual({ reason: 'access_changed' });
      await s.closed;
    } finally {
      s.close();
    }
  });
});
