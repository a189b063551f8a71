import { expect } from 'vitest';
import { builtInRoles, isBuiltInRole, type Actor, type Resource } from '../../src/platform/access/index.js';
import { csrfTokenFor } from '../../src/auth/secrets.js';
import { authServices } from '../../src/auth/services.js';
import { multipartBody } from '../../src/memory/test-support.js';
import { addMember, signUpOwner, type TestActor } from '../support/auth.js';
import type { createTestApp } from '../support/context.js';
import type { Ownership, TargetKind } from './authorization-matrix.table.js';

/**
 * The world the authorization matrix runs in: workspace A with an owner, an admin, a member, a viewer, a
 * narrow custom role (only `workflows:read`, made through the roles API), a removed member and a member
 * who is only ever a target; workspace B with its owner. Every fixture is made through the public API as
 * the person who owns it (except memory sources, whose creation needs an OAuth round trip to a provider:
 * their row is written as the verified-connection flow writes it).
 */
export type MatrixApp = Awaited<ReturnType<typeof createTestApp>>;

export interface Fixture {
  id: string;
  resource: Resource;
  /** Text of the fixture that must not appear in an answer to someone denied it. */
  marker: string;
  /** Another one like it, owned the same way (for cells that use their target up). */
  again(): Promise<Fixture>;
  /** Still there, as its owner sees it. */
  exists(): Promise<boolean>;
}

export interface Principal {
  name: string;
  actor: Actor;
  /** Undefined: anonymous. */
  userId?: string;
  home: 'A' | 'B';
  /** A removed member's token: the request has no caller (401). */
  dead?: boolean;
  /** A removed member's session: a user with no workspace. */
  noWorkspace?: boolean;
  headers: Record<string, string>;
  /** New credentials of the same kind, for cells that end the caller's credentials. */
  fresh(): Promise<Record<string, string>>;
}

export interface World {
  principals: Principal[];
  /** Named values per workspace, for body builders. */
  named: Record<'A' | 'B', Record<string, string>>;
  /** The target a principal gets for a kind and ownership; undefined when it has no such thing. */
  target(p: Principal, kind: TargetKind, ownership: Ownership): Fixture | undefined;
  /** Every fixture the cells aimed at, for the check that denied cells changed nothing. */
  all(): Fixture[];
}

const NARROW_ROLE = 'workflow-reader';
const definition = { trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform', expression: '1' }] };
let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

const permissionsOf = (role: string): readonly string[] => (isBuiltInRole(role) ? builtInRoles[role].permissions : role === NARROW_ROLE ? ['workflows:read'] : []);

export async function buildWorld(t: MatrixApp): Promise<World> {
  const app = t.app;
  const services = authServices(t.ctx);
  const json = async (who: TestActor, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<Record<string, unknown>> => {
    const res = await app.inject({ method, url, headers: who.bearer, ...(payload === undefined ? {} : { payload: payload as object }) });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.body ? (res.json() as Record<string, unknown>) : {};
  };
  const has = async (who: TestActor, url: string, needle: string) => {
    const res = await app.inject({ url, headers: who.bearer });
    return res.statusCode === 200 && res.body.includes(needle);
  };

  // People.
  const owner = await signUpOwner(app);
  const admin = await addMember(app, owner, 'admin');
  const member = await addMember(app, owner, 'member');
  const viewer = await addMember(app, owner, 'viewer');
  await json(owner, 'POST', '/api/roles', { name: NARROW_ROLE, permissions: ['workflows:read'] });
  const narrow = await addMember(app, owner, NARROW_ROLE);
  const removed = await addMember(app, owner, 'member');
  const target = await addMember(app, owner, 'member');
  const other = await signUpOwner(app);
  expect(other.workspaceId).not.toBe(owner.workspaceId);
  const A = owner.workspaceId;
  const wsOf = (u: TestActor): 'A' | 'B' => (u.workspaceId === A ? 'A' : 'B');

  // Credentials, made the way sign-in and the tokens route make them.
  const session = async (u: TestActor, workspace = true) => {
    const { secret } = await services.sessions.create({ userId: u.userId, method: 'password', ip: null, userAgent: 'authorization-matrix' });
    return { cookie: `atom_session=${secret}`, 'x-csrf-token': csrfTokenFor(secret), ...(workspace ? { 'x-atom-workspace': u.workspaceId } : {}) };
  };
  const token = async (u: TestActor, role: string) => {
    const { token: secret } = await services.tokens.create({ userId: u.userId, workspaceId: u.workspaceId, name: 'matrix', role, expiresAt: null });
    return { authorization: `Bearer ${secret}` };
  };
  const actorOf = (u: TestActor, via: 'session' | 'token', scopeRole?: string): Actor => {
    const held = permissionsOf(u.role);
    const scope = scopeRole ? permissionsOf(scopeRole) : held;
    return { userId: u.userId, workspaceId: u.workspaceId, role: u.role, via, ...(scopeRole ? { scopeRole } : {}), permissions: new Set(held.filter((p) => scope.includes(p))) };
  };
  const principals: Principal[] = [];
  const add = async (name: string, u: TestActor, via: 'session' | 'token', scopeRole?: string) => {
    const fresh = () => (via === 'session' ? session(u) : token(u, scopeRole ?? u.role));
    principals.push({ name, actor: actorOf(u, via, scopeRole), userId: u.userId, home: wsOf(u), headers: await fresh(), fresh });
  };
  for (const [name, u] of [['owner', owner], ['admin', admin], ['member', member], ['viewer', viewer], ['narrow role', narrow]] as const) {
    await add(`${name} session`, u, 'session');
    await add(`${name} token`, u, 'token', u.role);
  }
  // A token narrower than its creator.
  await add("owner's member-scoped token", owner, 'token', 'member');
  await add('other workspace owner token', other, 'token', 'owner');
  // The removed member's old session and token, made before the removal.
  const removedSession = await session(removed, false);
  const removedToken = await token(removed, 'member');
  await json(owner, 'DELETE', `/api/members/${removed.userId}`);
  const nobody: Actor = { userId: removed.userId, workspaceId: '', role: 'none', permissions: new Set(), via: 'session' };
  principals.push({ name: 'removed member session', actor: nobody, userId: removed.userId, home: 'A', noWorkspace: true, headers: removedSession, fresh: () => session(removed, false) });
  principals.push({ name: 'removed member token', actor: { ...nobody, via: 'token' }, userId: removed.userId, home: 'A', dead: true, headers: removedToken, fresh: () => Promise.resolve(removedToken) });
  principals.push({ name: 'anonymous', actor: { ...nobody, userId: '' }, home: 'A', dead: true, headers: {}, fresh: () => Promise.resolve({}) });

  // Fixtures: kind → owner key (a user id, or 'shared:A' / 'shared:B') → fixture.
  const store = new Map<TargetKind, Map<string, Fixture>>();
  const put = (kind: TargetKind, key: string, f: Fixture) => {
    if (!store.has(kind)) store.set(kind, new Map());
    store.get(kind)!.set(key, f);
  };
  const maker = <A extends unknown[]>(make: (...args: A) => Promise<Omit<Fixture, 'again'>>) => {
    const build = async (...args: A): Promise<Fixture> => ({ ...(await make(...args)), again: () => build(...args) });
    return build;
  };

  const workflow = maker(async (u: TestActor) => {
    const marker = `MATRIX-WF-${unique()}`;
    const id = String((await json(u, 'POST', '/api/workflows', { name: marker, definition }))['id']);
    return { id, marker, resource: { kind: 'workflow', workspaceId: u.workspaceId }, exists: () => has(u, `/api/workflows/${id}`, marker) };
  });
  const run = maker(async (u: TestActor, workflowId: string) => {
    const marker = `MATRIX-RUN-${unique()}`;
    const id = String((await json(u, 'POST', `/api/workflows/${workflowId}/run`, { input: { note: marker } }))['id']);
    return { id, marker, resource: { kind: 'run', workspaceId: u.workspaceId, workflowId }, exists: () => has(u, `/api/runs/${id}`, id) };
  });
  const approvalWorkflow = { trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'wait_for_approval', message: 'Matrix approval?' }] };
  const approval = maker(async (u: TestActor, workflowId: string) => {
    const marker = `MATRIX-APPROVAL-${unique()}`;
    const id = String((await json(u, 'POST', `/api/workflows/${workflowId}/run`, { input: { note: marker } }))['id']);
    // The run reaches its approval step in the background.
    let waiting = false;
    for (let i = 0; i < 600 && !waiting; i++) {
      const steps = (await json(u, 'GET', `/api/runs/${id}`))['steps'] as { stepId: string; status: string }[];
      waiting = steps.some((step) => step.stepId === 'a' && step.status === 'waiting');
      if (!waiting) await new Promise((r) => setTimeout(r, 50));
    }
    expect(waiting, `run ${id} reached its approval step`).toBe(true);
    return { id, marker, resource: { kind: 'run', workspaceId: u.workspaceId, workflowId }, exists: () => has(u, `/api/runs/${id}`, '"status":"waiting"') };
  });
  const connection = maker(async (u: TestActor, personal: boolean) => {
    const marker = `MATRIX-CONN-${unique()}`;
    const id = String((await json(u, 'POST', '/api/connections', { service: 'github', label: marker, personal, credentials: { accessToken: 'ghp_matrix' }, verify: false }))['id']);
    return { id, marker, resource: { kind: 'connection', workspaceId: u.workspaceId, ownerId: personal ? u.userId : null }, exists: () => has(u, `/api/connections/${id}`, marker) };
  });
  const secret = maker(async (u: TestActor) => {
    const id = `MATRIX_${unique().toUpperCase()}`;
    await json(u, 'PUT', `/api/workflows/secrets/${id}`, { value: `matrix-secret-value-${id}` });
    return { id, marker: `matrix-secret-value-${id}`, resource: { kind: 'secret', workspaceId: u.workspaceId }, exists: () => has(u, '/api/workflows/secrets', id) };
  });
  const document = maker(async (u: TestActor, visibility: 'private' | 'workspace') => {
    const marker = `MATRIX-DOC-${unique()}`;
    const body = multipartBody([{ filename: `${marker}.txt`, content: `Matrix document ${marker}.` }], visibility === 'private' ? { visibility } : {});
    const res = await app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', headers: { ...u.bearer, ...body.headers }, payload: body.payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    const docs = (await json(u, 'GET', '/api/memory/documents?limit=500'))['documents'] as { id: string; title: string }[];
    const id = docs.find((d) => d.title.includes(marker))?.id;
    expect(id, `uploaded ${marker}`).toBeTruthy();
    return { id: id!, marker, resource: { kind: 'document', workspaceId: u.workspaceId, ownerId: u.userId, visibility }, exists: () => has(u, `/api/memory/documents/${id}`, marker) };
  });
  const source = maker(async (u: TestActor) => {
    const marker = `MATRIX-SRC-${unique()}`;
    const now = new Date().toISOString();
    await t.ctx.db
      .insertInto('memory_connections')
      .values({ id: `src_${unique()}`, workspace_id: u.workspaceId, kind: 'google_drive', name: marker, owner_user_id: u.userId, account_email: u.email, created_at: now, updated_at: now })
      .execute();
    const row = await t.ctx.db.selectFrom('memory_connections').select('id').where('name', '=', marker).executeTakeFirstOrThrow();
    return { id: row.id, marker, resource: { kind: 'source', workspaceId: u.workspaceId, ownerId: u.userId }, exists: () => has(u, '/api/memory/connections', row.id) };
  });
  const role = maker(async (u: TestActor) => {
    const marker = `matrix-ops-${unique()}`;
    const id = String((await json(u, 'POST', '/api/roles', { name: marker, permissions: ['workflows:run'] }))['id']);
    return { id, marker, resource: { kind: 'role', workspaceId: u.workspaceId, permissions: ['workflows:run'] }, exists: () => has(u, '/api/roles', id) };
  });
  const apiToken = maker(async (u: TestActor) => {
    const made = await json(u, 'POST', '/api/tokens', { name: `matrix-${unique()}`, expiresInDays: 1 });
    const id = (made['apiToken'] as { id: string }).id;
    return { id, marker: String(made['token']), resource: { kind: 'token', workspaceId: u.workspaceId, ownerId: u.userId }, exists: () => has(u, '/api/tokens', id) };
  });
  const invitation = maker(async (u: TestActor) => {
    const made = await json(u, 'POST', '/api/invitations', { role: 'viewer' });
    const id = (made['invitation'] as { id: string }).id;
    return { id, marker: String(made['token']), resource: { kind: 'invitation', workspaceId: u.workspaceId, createdBy: u.userId }, exists: () => has(u, '/api/invitations', id) };
  });
  const comment = maker(async (u: TestActor, workflowId: string) => {
    const marker = `MATRIX-COMMENT-${unique()}`;
    const id = String((await json(u, 'POST', `/api/workflows/${workflowId}/comments`, { body: marker }))['id']);
    return { id, marker, resource: { kind: 'comment', workspaceId: u.workspaceId, authorId: u.userId }, exists: () => has(u, `/api/workflows/${workflowId}/comments`, id) };
  });
  const conversation = maker(async (u: TestActor) => {
    const marker = `MATRIX-CHAT-${unique()}`;
    const id = String((await json(u, 'POST', '/api/conversations', { title: marker }))['id']);
    return { id, marker, resource: { kind: 'conversation', workspaceId: u.workspaceId, ownerId: u.userId }, exists: () => has(u, `/api/conversations/${id}`, id) };
  });
  const extraSession = maker(async (u: TestActor) => {
    const marker = `MATRIX-SESSION-${unique()}`;
    const { session: row } = await services.sessions.create({ userId: u.userId, method: 'password', ip: null, userAgent: marker });
    // Sessions are not workspace resources; the resource names the owner for the own-only rule.
    // "Sign out everywhere" cells end these by design, so they are not checked afterwards.
    return { id: row.id, marker, resource: { kind: 'token', workspaceId: u.workspaceId, ownerId: u.userId }, exists: () => Promise.resolve(true) };
  });
  const memberFixture = (inviter: TestActor, m: TestActor): Fixture => ({
    id: m.userId,
    marker: m.email,
    resource: { kind: 'member', workspaceId: m.workspaceId, userId: m.userId, role: m.role, permissions: permissionsOf(m.role) },
    // Another like it: a new member, invited and signed up.
    again: async () => memberFixture(inviter, await addMember(app, inviter, 'member')),
    exists: () => has(inviter, '/api/members', m.userId),
  });

  const named: World['named'] = { A: {}, B: {} };
  // Made side by side (per workspace, per kind): the fixtures are independent of each other.
  const setOf = (key: string, pairs: [TargetKind, Promise<Fixture>][]) => Promise.all(pairs.map(async ([kind, made]) => put(kind, key, await made)));
  await Promise.all(
    ([['A', owner, [owner, admin, member]], ['B', other, [other]]] as const).map(async ([ws, boss, colleagues]) => {
      const shared = `shared:${ws}`;
      const wf = await workflow(boss);
      put('workflow', shared, wf);
      named[ws]['workflowId'] = wf.id;
      const approvalWf = String((await json(boss, 'POST', '/api/workflows', { name: `MATRIX-APPROVAL-WF-${unique()}`, definition: approvalWorkflow }))['id']);
      put('member', shared, memberFixture(boss, ws === 'A' ? target : other));
      put('missing', shared, { id: '01930000-0000-7000-8000-000000000000', marker: 'never-present', resource: { kind: 'workspace', workspaceId: boss.workspaceId }, again: () => Promise.reject(new Error('nothing to use up')), exists: () => Promise.resolve(true) });
      await Promise.all([
        setOf(shared, [
          ['run', run(boss, wf.id)],
          ['approval', approval(boss, approvalWf)],
          ['connection', connection(boss, false)],
          ['secret', secret(boss)],
          ['role', role(boss)],
          ['invitation', invitation(boss)],
          // The workspace document is shared, but someone's: a member's who is none of the callers (B: its owner's).
          ['document', document(ws === 'A' ? target : other, 'workspace')],
        ]),
        ...colleagues.map((u) => setOf(u.userId, [['connection', connection(u, true)], ['document', document(u, 'private')], ['source', source(u)], ['conversation', conversation(u)]])),
        ...(ws === 'A' ? [owner, admin, member, viewer, narrow] : [other]).map((u) =>
          setOf(u.userId, [['token', apiToken(u)], ['session', extraSession(u)], ...(u === narrow ? [] : [['comment', comment(u, wf.id)] as [TargetKind, Promise<Fixture>]])]),
        ),
      ]);
      const templates = JSON.stringify(await json(boss, 'GET', '/api/templates'));
      named[ws]['templateId'] = /"id":"([^"]+)"/.exec(templates)?.[1] ?? 'none';
      const policies = JSON.stringify(await json(boss, 'GET', '/api/retention/policies'));
      named[ws]['dataClass'] = /"classes":\[\{"name":"([^"]+)"/.exec(policies)?.[1] ?? 'none';
    }),
  );
  // The member whose personal things are "a colleague's" for everyone else in A (the admin's, for the member).
  const colleagueOf = (userId: string | undefined) => (userId === member.userId ? admin.userId : member.userId);

  return {
    principals,
    named,
    target(p, kind, ownership) {
      const byKey = store.get(kind);
      if (!byKey) return undefined;
      if (kind === 'member') {
        // A member target: workspace A's target member; "other": workspace B's owner.
        if (ownership === 'colleague') return byKey.get('shared:A');
        if (ownership === 'other') return p.home === 'A' ? byKey.get('shared:B') : undefined;
        return undefined;
      }
      if (kind === 'missing') return byKey.get(`shared:${p.home}`);
      // A secret is named within the caller's workspace: another workspace's name is just a name there.
      if (kind === 'secret' && p.home === 'B') return undefined;
      if (p.home === 'B') {
        // Another workspace's owner: their own things in B (reachable), and A's, a member's personal ones as
        // "colleague" and the shared ones as "shared" (both out of reach, and hidden).
        if (ownership === 'own') return byKey.get(p.userId ?? '');
        if (ownership === 'colleague') return byKey.get(member.userId);
        if (ownership === 'shared') return byKey.get('shared:A');
        return undefined;
      }
      if (ownership === 'own') return p.userId ? byKey.get(p.userId) : undefined;
      if (ownership === 'colleague') return byKey.get(colleagueOf(p.userId));
      if (ownership === 'shared') return byKey.get('shared:A');
      return byKey.get('shared:B') ?? byKey.get(other.userId);
    },
    all: () => [...store.values()].flatMap((m) => [...m.values()]),
  };
}
