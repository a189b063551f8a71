import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';
import { startFakeMcpServer, type FakeMcpServer } from '../../../test/fakes/mcp-server.js';
import { workflowRuntime } from '../../workflows/runtime.js';

describe('external MCP servers (/api/mcp-servers)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let remote: FakeMcpServer;
  let owner: TestActor;

  beforeAll(async () => {
    remote = await startFakeMcpServer();
    // As an admin would: the test server listens on loopback, which the SSRF guard refuses unless allowed.
    t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1' });
    owner = await signUpOwner(t.app);
  });
  afterAll(async () => {
    await t.cleanup();
    await remote.close();
  });

  it('registers a server, hides its header values, lists its tools and deletes it', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/mcp-servers', headers: owner.bearer, payload: { name: 'calc', url: remote.url, headers: { Authorization: 'Bearer s3cret-remote' } } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain('s3cret-remote');
    const { id } = created.json<{ id: string }>();

    const list = await t.app.inject({ method: 'GET', url: '/api/mcp-servers', headers: owner.bearer });
    expect(list.json()).toMatchObject({ items: [{ id, name: 'calc', url: remote.url, headerNames: ['Authorization'] }] });
    expect(list.body).not.toContain('s3cret-remote');
    const row = await t.ctx.db.selectFrom('mcp_servers').selectAll().executeTakeFirstOrThrow();
    expect(row.headers_sealed).not.toContain('s3cret-remote');

    const tools = await t.app.inject({ method: 'GET', url: `/api/mcp-servers/${id}/tools`, headers: owner.bearer });
    expect(tools.statusCode, tools.body).toBe(200);
    expect(tools.json<{ items: { name: string }[] }>().items.map((x) => x.name)).toEqual(['add']);
    expect(remote.authorizations).toContain('Bearer s3cret-remote');

    const dup = await t.app.inject({ method: 'POST', url: '/api/mcp-servers', headers: owner.bearer, payload: { name: 'calc', url: remote.url } });
    expect(dup.statusCode).toBe(409);

    const del = await t.app.inject({ method: 'DELETE', url: `/api/mcp-servers/${id}`, headers: owner.bearer });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/mcp-servers/${id}/tools`, headers: owner.bearer })).statusCode).toBe(404);
  });

  it('refuses internal addresses not on the allow-list, and registration by non-admins', async () => {
    const blocked = await t.app.inject({ method: 'POST', url: '/api/mcp-servers', headers: owner.bearer, payload: { name: 'meta', url: 'http://169.254.169.254/mcp' } });
    expect(blocked.statusCode).toBe(422);
    const member = await addMember(t.app, owner, 'member');
    const denied = await t.app.inject({ method: 'POST', url: '/api/mcp-servers', headers: member.bearer, payload: { name: 'x', url: 'https://mcp.example.com/mcp' } });
    expect(denied.statusCode).toBe(403);
  });
});

interface RunDetail { status: string; error: unknown; steps: { stepId: string; status: string; output: unknown }[] }

describe('mcp.call_tool workflow steps (embedded, SQLite)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let remote: FakeMcpServer;
  let owner: TestActor;
  let serverId = '';

  beforeAll(async () => {
    remote = await startFakeMcpServer();
    t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_JOBS_POLL_INTERVAL_MS: '20' });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
    const created = await t.app.inject({ method: 'POST', url: '/api/mcp-servers', headers: owner.bearer, payload: { name: 'calc', url: remote.url } });
    serverId = created.json<{ id: string }>().id;
  }, 60_000);
  afterAll(async () => {
    await t.cleanup();
    await remote.close();
  });

  const create = async (input: Record<string, unknown>) => {
    const definition = { trigger: { type: 'manual' }, steps: [{ id: 'sum', type: 'action', action: 'mcp.call_tool', input }] };
    const created = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: `mcp ${Math.random()}`, definition } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    return { id, activate: () => t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} }) };
  };

  it('calls the external tool with arguments rendered from expressions, and journals the output', async () => {
    const wf = await create({ serverId, tool: 'add', arguments: { a: '{{ trigger.a }}', b: 2 } });
    const activated = await wf.activate();
    expect(activated.statusCode, activated.body).toBe(200);
    const started = await t.app.inject({ method: 'POST', url: `/api/workflows/${wf.id}/run`, headers: owner.bearer, payload: { input: { a: 40 }, waitMs: 20_000 } });
    expect(started.statusCode, started.body).toBe(200);
    const run = (await t.app.inject({ method: 'GET', url: `/api/runs/${started.json<{ id: string }>().id}`, headers: owner.bearer })).json<RunDetail>();
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });
    expect(run.steps.find((s) => s.stepId === 'sum')?.output).toMatchObject({ structuredContent: { sum: 42 }, isError: false });
  });

  it('refuses activation for an unknown tool or missing required arguments', async () => {
    const unknown = await (await create({ serverId, tool: 'multiply', arguments: { a: 1, b: 2 } })).activate();
    expect(unknown.statusCode).toBeGreaterThanOrEqual(400);
    expect(unknown.body).toContain('has no tool multiply');
    const missing = await (await create({ serverId, tool: 'add', arguments: { a: 1 } })).activate();
    expect(missing.statusCode).toBeGreaterThanOrEqual(400);
    expect(missing.body).toContain('needs the arguments b');
  });
});
