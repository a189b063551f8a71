import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse, type SseClient } from '../../test/realtime/sse-client.js';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { integrationConnections } from '../integrations/index.js';
import { connectionHealthStore } from '../integrations/connections/health.js';
import type { PresenceUser } from './index.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe.each(dialects)('presence and connection health events (%s)', (dialect) => {
  let t: TestApp;
  let base: string;
  let owner: TestActor;
  let member: TestActor;
  let viewer: TestActor;
  let other: TestActor;
  let workflowId: string;
  const open: SseClient[] = [];
  const stream = async (actor: TestActor, query = '') => {
    const c = await openSse(`${base}/api/events${query}`, actor.bearer);
    open.push(c);
    await c.waitFor((f) => f.event === 'ready');
    return c;
  };
  const beat = (actor: TestActor, tab: string, resource = { kind: 'workflow', id: workflowId }, state = 'viewing') =>
    t.app.inject({ method: 'POST', url: '/api/presence', headers: actor.bearer, payload: { resource, state, tab } });
  const presenceOf = (f: { data: unknown }) => f.data as { type: string; resource: { id: string }; data: { users: PresenceUser[] } };

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    owner = await signUpOwner(t.app, { name: 'Olivia Owner' });
    member = await addMember(t.app, owner, 'member');
    viewer = await addMember(t.app, owner, 'viewer');
    other = await signUpOwner(t.app);
    const wf = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'Shared wf', definition: { trigger: { type: 'manual' }, steps: [] } } });
    workflowId = wf.json<{ id: string }>().id;
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t.cleanup();
  });

  it('shows who is on a workflow to the others there, and drops a tab when its stream closes', async () => {
    const sOwner = await stream(owner, '?tab=owner-tab-1');
    const sViewer = await stream(viewer);
    const first = await beat(owner, 'owner-tab-1');
    expect(first.statusCode).toBe(200);
    expect(first.json<{ users: PresenceUser[] }>().users).toEqual([{ userId: owner.userId, name: 'Olivia Owner', state: 'viewing' }]);

    const sMember = await stream(member, '?tab=member-tab-1');
    const second = await beat(member, 'member-tab-1', undefined, 'editing');
    expect(second.json<{ users: PresenceUser[] }>().users.map((u) => [u.userId, u.state]).sort()).toEqual([[member.userId, 'editing'], [owner.userId, 'viewing']].sort());
    await sOwner.waitFor((f) => f.event === 'message' && presenceOf(f).type === 'presence.changed' && presenceOf(f).data.users.some((u) => u.userId === member.userId));

    // The member's tab closes: its stream ends and the owner sees them gone.
    sMember.close();
    await sOwner.waitFor((f) => f.event === 'message' && presenceOf(f).type === 'presence.changed' && !presenceOf(f).data.users.some((u) => u.userId === member.userId), 3000);

    // The viewer is not on the workflow: presence events are only for those present.
    expect(sViewer.events().some((e) => e.type === 'presence.changed')).toBe(false);

    // Explicit leave (pagehide) tells the others too.
    await beat(viewer, 'viewer-tab-1');
    const left = await t.app.inject({ method: 'POST', url: '/api/presence/leave', headers: viewer.bearer, payload: { resource: { kind: 'workflow', id: workflowId }, tab: 'viewer-tab-1' } });
    expect(left.statusCode).toBe(204);
    await sOwner.waitFor((f) => f.event === 'message' && presenceOf(f).type === 'presence.changed' && presenceOf(f).data.users.length === 1);
  });

  it('refuses presence on what the caller cannot read', async () => {
    const cross = await beat(other, 'other-tab-1');
    expect(cross.statusCode).toBe(404);
    const unknownDoc = await beat(owner, 'owner-tab-2', { kind: 'document', id: 'nope' });
    expect(unknownDoc.statusCode).toBe(404);
    const badTab = await beat(owner, 'x');
    expect(badTab.statusCode).toBe(400);
  });

  it('tells connection health changes to those who may see the connection', async () => {
    const [sOwner, sMember, sViewer, sOther] = [await stream(owner), await stream(member), await stream(viewer), await stream(other)];
    const repo = integrationConnections(t.ctx.db);
    const common = { workspaceId: owner.workspaceId, serviceId: 'github', authKind: 'api_key', credentialsSealed: 'x', scopes: [], accountLabel: null, expiresAt: null, createdBy: owner.userId };
    const shared = await repo.create({ ...common, userId: null, label: 'Team GitHub' });
    const personal = await repo.create({ ...common, userId: member.userId, label: "Member's GitHub" });
    const health = connectionHealthStore(t.ctx.db);
    const fail = { service: 'github', ok: false, status: 503, code: 'integrations.http.unavailable', message: 'GitHub is down', latencyMs: 10 };
    await health.record(owner.workspaceId, shared.id, fail);
    await health.record(owner.workspaceId, personal.id, fail);
    const changed = (id: string) => (f: { data: unknown }) => (f.data as { type?: string; resource?: { id: string } }).type === 'connection.health_changed' && (f.data as { resource: { id: string } }).resource.id === id;
    const ev = await sViewer.waitFor(changed(shared.id));
    expect((ev.data as { data: unknown }).data).toMatchObject({ label: 'Team GitHub', from: 'healthy', to: 'degraded', error: { message: 'GitHub is down' } });
    await sMember.waitFor(changed(personal.id));
    await sMember.waitFor(changed(shared.id));
    await sOwner.waitFor(changed(shared.id));
    // A personal connection is its owner's only; another workspace hears nothing.
    await new Promise((r) => setTimeout(r, 200));
    expect(sOwner.frames.some(changed(personal.id))).toBe(false);
    expect(sViewer.frames.some(changed(personal.id))).toBe(false);
    expect(sOther.events().some((e) => e.type === 'connection.health_changed')).toBe(false);
  });
});
