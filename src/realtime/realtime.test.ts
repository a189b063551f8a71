import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contiguous, openSse, type SseClient } from '../../test/realtime/sse-client.js';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { auditedTransaction, recordAudit } from '../audit/index.js';
import { workflowRuntime } from '../workflows/index.js';
import { publish } from './index.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const definition = {
  trigger: { type: 'manual' },
  steps: [
    { id: 'a', type: 'transform', expression: '1 + 1' },
    { id: 'b', type: 'transform', expression: 'steps.a * 10' },
  ],
};

describe.each(dialects)('live event stream (embedded, %s)', (dialect) => {
  let t: TestApp;
  let base: string;
  let owner: TestActor;
  let viewer: TestActor;
  let member: TestActor;
  let other: TestActor;
  let workflowId: string;
  const open: SseClient[] = [];
  const stream = async (actor: TestActor, headers: Record<string, string> = {}, query = '') => {
    const c = await openSse(`${base}/api/events${query}`, { ...actor.bearer, ...headers });
    open.push(c);
    await c.waitFor((f) => f.event === 'ready');
    return c;
  };
  const runOnce = async (actor = owner) => {
    const r = await t.app.inject({ method: 'POST', url: `/api/workflows/${workflowId}/run`, headers: actor.bearer, payload: { waitMs: 10_000 } });
    expect(r.statusCode).toBe(200);
    return r.json<{ id: string; status: string }>();
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_JOBS_POLL_INTERVAL_MS: '20', ATOM_LOGIN_DELAY_MS: '0' });
    workflowRuntime(t.ctx).startWorkers();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    owner = await signUpOwner(t.app);
    viewer = await addMember(t.app, owner, 'viewer');
    member = await addMember(t.app, owner, 'member');
    other = await signUpOwner(t.app);
    const wf = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'Live wf', definition } });
    expect(wf.statusCode).toBe(201);
    workflowId = wf.json<{ id: string }>().id;
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t.cleanup();
  });

  it('streams a run as it happens: started, each step, finished, with contiguous ids', async () => {
    const s = await stream(owner);
    const run = await runOnce();
    await s.waitFor((f) => (f.data as { type?: string }).type === 'run.finished' && (f.data as { data: { runId: string } }).data.runId === run.id);
    const mine = s.events().filter((e) => e.resource.id === run.id);
    expect(mine.map((e) => e.type)).toEqual(['run.started', 'run.step_finished', 'run.step_finished', 'run.finished']);
    expect(mine.map((e) => e.data['stepId'] ?? null)).toEqual([null, 'a', 'b', null]);
    expect(mine.at(-1)?.data).toMatchObject({ status: 'succeeded', workflowId, workflowName: 'Live wf' });
    // The owner sees everything of the workspace, so the stream's ids have no holes.
    expect(contiguous(s.events().map((e) => e.id))).toBe(true);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^atom_realtime_streams [1-9]/m);
    expect(metrics).toMatch(/^atom_realtime_events_published_total\{domain="run"\} [1-9]/m);
    s.close();
  });

  it('resumes after a dropped connection from Last-Event-ID without losing an event', async () => {
    const first = await stream(owner);
    const run1 = await runOnce();
    await first.waitFor((f) => (f.data as { type?: string; resource?: { id: string } }).type === 'run.finished' && (f.data as { resource: { id: string } }).resource.id === run1.id);
    const seen = first.events();
    first.close();
    // Missed while disconnected: another run and an event published directly.
    const run2 = await runOnce();
    await publish(t.ctx, { workspaceId: owner.workspaceId, type: 'test.while_away', resource: { kind: 'test', id: 'x' } });
    const lastId = seen.at(-1)!.id;
    const second = await stream(owner, { 'last-event-id': String(lastId) });
    await second.waitFor((f) => (f.data as { type?: string }).type === 'test.while_away');
    const resumed = second.events();
    expect(resumed[0]!.id).toBe(lastId + 1);
    const all = [...seen, ...resumed].map((e) => e.id);
    expect(contiguous(all)).toBe(true);
    expect(resumed.filter((e) => e.resource.id === run2.id).map((e) => e.type)).toEqual(['run.started', 'run.step_finished', 'run.step_finished', 'run.finished']);
    // ?lastEventId= works the same for clients that cannot set headers.
    const third = await stream(owner, {}, `?lastEventId=${lastId}`);
    await third.waitFor((f) => (f.data as { type?: string }).type === 'test.while_away');
    expect(third.events().map((e) => e.id)).toEqual(resumed.map((e) => e.id));
    // An id the buffer cannot serve (from before a restart) asks the client to refetch.
    const reset = await openSse(`${base}/api/events`, { ...owner.bearer, 'last-event-id': '999999' });
    open.push(reset);
    await reset.waitFor((f) => f.event === 'resync');
  });

  it('never sends an event to someone who may not see it', async () => {
    const [sOwner, sViewer, sMember, sOther] = [await stream(owner), await stream(viewer), await stream(member), await stream(other)];
    const run = await runOnce(member);
    // Audit entries (the run request is audited) are for audit:read only; a personal event for the member only.
    await publish(t.ctx, { workspaceId: owner.workspaceId, type: 'test.personal', resource: { kind: 'test', id: 'p' }, audience: { userIds: [member.userId] } });
    await publish(t.ctx, { workspaceId: owner.workspaceId, type: 'test.admins', resource: { kind: 'test', id: 'a' }, audience: 'admins' });
    await publish(t.ctx, { workspaceId: owner.workspaceId, type: 'test.needs_connections', resource: { kind: 'test', id: 'c' }, permission: 'connections:manage' });
    const sentinelA = await publish(t.ctx, { workspaceId: owner.workspaceId, type: 'test.sentinel', resource: { kind: 'test', id: 's' } });
    const sentinelB = await publish(t.ctx, { workspaceId: other.workspaceId, type: 'test.sentinel', resource: { kind: 'test', id: 's' } });
    const isSentinel = (id: number | undefined) => (f: { id: number | undefined }) => f.id === id;
    await Promise.all([sOwner, sViewer, sMember].map((s) => s.waitFor(isSentinel(sentinelA!.id))));
    await sOther.waitFor(isSentinel(sentinelB!.id));

    const types = (s: SseClient) => s.events().map((e) => e.type);
    expect(types(sOwner)).toEqual(expect.arrayContaining(['run.finished', 'audit.entry', 'test.admins', 'test.needs_connections']));
    expect(types(sOwner)).not.toContain('test.personal');
    expect(types(sViewer)).toContain('run.finished');
    expect(types(sViewer).filter((x) => x === 'audit.entry' || x.startsWith('test.') && x !== 'test.sentinel')).toEqual([]);
    expect(types(sMember)).toEqual(expect.arrayContaining(['run.finished', 'test.personal', 'test.needs_connections']));
    expect(types(sMember)).not.toContain('audit.entry');
    expect(types(sMember)).not.toContain('test.admins');
    // Workspace B's owner sees nothing of A at all.
    expect(sOther.events().every((e) => e.workspaceId === other.workspaceId)).toBe(true);
    expect(sOther.events().some((e) => e.resource.id === run.id)).toBe(false);
  });

  it('never publishes an audit entry whose transaction rolled back; publishes a committed one after the commit', async () => {
    const s = await stream(owner);
    const entry = (id: string) => ({ workspaceId: owner.workspaceId, actorId: owner.userId, actorType: 'user' as const, action: 'workflow.updated', target: { type: 'workflow', id }, outcome: 'success' as const });
    await expect(
      auditedTransaction(t.ctx.db, async (trx) => {
        await recordAudit(trx, entry('rolled-back-wf'));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await auditedTransaction(t.ctx.db, (trx) => recordAudit(trx, entry('committed-wf')));
    const auditTarget = (f: { data: unknown }) => {
      const e = f.data as { type?: string; data?: { target?: { id?: string } | null } };
      return e.type === 'audit.entry' ? e.data?.target?.id : undefined;
    };
    await s.waitFor((f) => auditTarget(f) === 'committed-wf');
    const sentinel = await publish(t.ctx, { workspaceId: owner.workspaceId, type: 'test.sentinel', resource: { kind: 'test', id: 'after-audit' } });
    await s.waitFor((f) => f.id === sentinel!.id);
    const targets = s.events().filter((e) => e.type === 'audit.entry').map((e) => (e.data as { target?: { id?: string } | null }).target?.id);
    expect(targets).toContain('committed-wf');
    expect(targets).not.toContain('rolled-back-wf');
  });

  it('asks for sign-in and rejects a malformed Last-Event-ID', async () => {
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
    const bad = await fetch(`${base}/api/events`, { headers: { ...owner.bearer, 'last-event-id': 'abc' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('realtime.invalid_last_event_id');
  });
});
