import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, type TestDialect } from '../../test/support/context.js';
import { multipartBody } from '../memory/test-support.js';
import { workflowRuntime } from '../workflows/index.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * The MCP Inspector's CLI and the Node it needs (≥ 22.19; Atom's tests run on 20): installed on first use
 * into .tmp/mcp-inspector by scripts/ensure-mcp-inspector.mjs (npm's `node` package and the Inspector,
 * pinned). ATOM_MCP_INSPECTOR (launcher) and ATOM_MCP_INSPECTOR_NODE point at installed ones instead.
 */
async function mcpInspector(): Promise<{ node: string; launcher: string }> {
  const launcher = process.env['ATOM_MCP_INSPECTOR'];
  if (launcher) return { node: process.env['ATOM_MCP_INSPECTOR_NODE'] ?? process.execPath, launcher };
  const { stdout } = await promisify(execFile)(process.execPath, ['scripts/ensure-mcp-inspector.mjs'], { timeout: 240_000 });
  return JSON.parse(stdout) as { node: string; launcher: string };
}

const env = {
  ATOM_JOBS_POLL_INTERVAL_MS: '20',
  ATOM_LOGIN_DELAY_MS: '0',
  ATOM_RATE_LIMIT_PER_MINUTE: '100000',
  ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
  ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000',
};

/** A manual workflow that opts in to being the MCP tool run_greet, with a declared input schema. */
const greetDefinition = {
  trigger: { type: 'manual' },
  steps: [{ id: 'greet', type: 'set', values: { greeting: 'Hello {{ trigger.name }}' } }],
  settings: {
    mcp: {
      expose: true,
      toolName: 'greet',
      description: 'Greets someone by name.',
      inputSchema: { type: 'object', properties: { name: { type: 'string', description: 'who to greet' } }, required: ['name'] },
    },
  },
};

async function startApp(dialect: TestDialect) {
  const t = await createTestApp(dialect, env);
  workflowRuntime(t.ctx).startWorkers();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return { t, url: new URL(`http://127.0.0.1:${address.port}/mcp`) };
}

/** The official SDK client, connected to /mcp with the actor's API token. */
async function connect(url: URL, who: TestActor): Promise<Client> {
  const client = new Client({ name: 'atom-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${who.token}` } } }));
  return client;
}

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;
const data = <T = Record<string, unknown>>(r: CallToolResult): T => {
  if (r.isError) throw new Error(`tool error: ${JSON.stringify(r.content)}`);
  return r.structuredContent as T;
};
const refusal = (r: CallToolResult) => ({ isError: r.isError, text: (r.content[0] as { text?: string } | undefined)?.text ?? '' });

async function createExposedWorkflow(t: TestApp, who: TestActor, definition: unknown = greetDefinition): Promise<string> {
  const created = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: who.bearer, payload: { name: 'Greeter', description: 'Says hello', definition } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: string }>().id;
  const activated = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: who.bearer, payload: {} });
  expect(activated.statusCode, activated.body).toBe(200);
  return id;
}

async function memberWithCustomRole(t: TestApp, owner: TestActor, name: string, permissions: string[]): Promise<TestActor> {
  const role = await t.app.inject({ method: 'POST', url: '/api/roles', headers: owner.bearer, payload: { name, permissions } });
  expect(role.statusCode, role.body).toBe(201);
  return addMember(t.app, owner, name);
}

describe('Atom as an MCP server (SQLite)', () => {
  let t: TestApp;
  let url: URL;
  let owner: TestActor;
  let viewer: TestActor;
  let memoryOnly: TestActor;
  let workflowsOnly: TestActor;
  let client: Client;
  let documentId = '';

  beforeAll(async () => {
    ({ t, url } = await startApp('sqlite'));
    owner = await signUpOwner(t.app);
    viewer = await addMember(t.app, owner, 'viewer');
    workflowsOnly = await memberWithCustomRole(t, owner, 'workflow-reader', ['workflows:read']);
    memoryOnly = await memberWithCustomRole(t, owner, 'memory-reader', ['memory:read']);
    const body = multipartBody([{ filename: 'glider.md', content: '# Glider plan\n\nThe glider flutter test is planned for March.\n' }]);
    const up = await t.app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', payload: body.payload, headers: { ...owner.bearer, ...body.headers } });
    expect(up.statusCode, up.body).toBe(201);
    const secret = multipartBody([{ filename: 'salaries.md', content: '# Salary review\n\nThe team salary review is confidential.\n' }], { visibility: 'private' });
    const upPrivate = await t.app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', payload: secret.payload, headers: { ...owner.bearer, ...secret.headers } });
    expect(upPrivate.statusCode, upPrivate.body).toBe(201);
    await createExposedWorkflow(t, owner);
    // Published but not exposed: never a tool.
    await createExposedWorkflow(t, owner, { ...greetDefinition, settings: {} });
    client = await connect(url, owner);
  }, 90_000);
  afterAll(async () => {
    await client?.close();
    await t?.cleanup();
  });

  it('lists Atom tools and one run tool per exposed workflow, with its input schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual(['draft_workflow', 'get_document_passages', 'get_run', 'list_workflows', 'run_greet', 'search_memory']);
    const greet = tools.find((x) => x.name === 'run_greet');
    expect(greet?.inputSchema).toMatchObject({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });
    expect(greet?.description).toContain('Greets someone by name.');
  });

  it('searches memory and reads a document, with titles and links', async () => {
    const found = data<{ hits: { documentId: string; title: string; link: string; passages: { text: string }[] }[] }>(await call(client, 'search_memory', { query: 'glider flutter' }));
    expect(found.hits[0]?.title).toBe('Glider plan');
    expect(found.hits[0]?.link).toContain(`/memory/documents/${found.hits[0]?.documentId}`);
    expect(found.hits[0]?.passages[0]?.text).toContain('flutter');
    documentId = found.hits[0]!.documentId;
    const doc = data<{ title: string; passages: { text: string }[] }>(await call(client, 'get_document_passages', { documentId }));
    expect(doc.title).toBe('Glider plan');
    expect(doc.passages.map((p) => p.text).join(' ')).toContain('planned for March');
    expect(refusal(await call(client, 'get_document_passages', { documentId: 'no-such-document' }))).toEqual({ isError: true, text: 'The document was not found.' });
  });

  it("never finds another member's private document for a caller", async () => {
    const asViewer = await connect(url, viewer);
    try {
      const mine = data<{ hits: { documentId: string; title: string }[] }>(await call(client, 'search_memory', { query: 'salary review' }));
      const privateId = mine.hits.find((h) => h.title === 'Salary review')?.documentId;
      expect(privateId).toBeTruthy();
      const theirs = data<{ hits: { title: string }[] }>(await call(asViewer, 'search_memory', { query: 'salary review' }));
      expect(theirs.hits.map((h) => h.title)).not.toContain('Salary review');
      expect(refusal(await call(asViewer, 'get_document_passages', { documentId: privateId }))).toEqual({ isError: true, text: 'The document was not found.' });
      expect((await asViewer.listResources()).resources.map((r) => r.name)).not.toContain('Salary review');
      await expect(asViewer.readResource({ uri: `atom://documents/${privateId}` })).rejects.toThrow(/not found/);
    } finally {
      await asViewer.close();
    }
  });

  it('offers the readable documents as resources', async () => {
    const { resources } = await client.listResources();
    const glider = resources.find((r) => r.name === 'Glider plan');
    expect(glider?.uri).toMatch(/^atom:\/\/documents\//);
    const read = await client.readResource({ uri: glider!.uri });
    expect((read.contents[0] as { text: string }).text).toContain('planned for March');
  });

  it('lists workflows, runs an exposed one with its input and reports the run', async () => {
    const listed = data<{ workflows: { name: string; tool?: string }[] }>(await call(client, 'list_workflows'));
    expect(listed.workflows.map((w) => w.tool ?? '(not exposed)').sort()).toEqual(['(not exposed)', 'run_greet']);
    const run = data<{ runId: string; status: string; output: unknown }>(await call(client, 'run_greet', { name: 'Ada' }));
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ greeting: 'Hello Ada' });
    const status = data<{ status: string; output: unknown; steps: { id: string; status: string }[] }>(await call(client, 'get_run', { runId: run.runId }));
    expect(status).toMatchObject({ status: 'succeeded', output: { greeting: 'Hello Ada' }, steps: [{ id: 'greet', status: 'succeeded' }] });
    // The declared schema is enforced before anything runs.
    expect((await call(client, 'run_greet', {})).isError).toBe(true);
  });

  it('drafts a workflow from text, and saves it when asked', async () => {
    const draft = data<{ status: string; definition: unknown; workflowId?: string }>(await call(client, 'draft_workflow', { text: 'every weekday at 9am send me a summary of new documents', save: true }));
    expect(draft.status).not.toBe('unsupported');
    expect(draft.definition).toBeTruthy();
    expect(draft.workflowId).toBeTruthy();
  });

  it('refuses each tool to a caller without the permission its API route needs', async () => {
    const asViewer = await connect(url, viewer);
    const asWorkflowsOnly = await connect(url, workflowsOnly);
    const asMemoryOnly = await connect(url, memoryOnly);
    try {
      // viewer: workflows:read and memory:read, but neither workflows:run nor ai:use.
      expect(refusal(await call(asViewer, 'run_greet', { name: 'Eve' }))).toEqual({ isError: true, text: 'Your role (viewer) does not allow workflows:run.' });
      expect(refusal(await call(asViewer, 'draft_workflow', { text: 'every day say hello' }))).toEqual({ isError: true, text: 'Your role (viewer) does not allow ai:use.' });
      // workflows:read only: no memory.
      expect(refusal(await call(asWorkflowsOnly, 'search_memory', { query: 'glider' }))).toEqual({ isError: true, text: 'Your role (workflow-reader) does not allow memory:read.' });
      expect((await call(asWorkflowsOnly, 'get_document_passages', { documentId })).isError).toBe(true);
      await expect(asWorkflowsOnly.listResources()).rejects.toThrow(/memory:read/);
      // memory:read only: no workflows, and the exposed workflows are not even listed.
      expect((await asMemoryOnly.listTools()).tools.map((x) => x.name)).not.toContain('run_greet');
      expect(refusal(await call(asMemoryOnly, 'list_workflows'))).toEqual({ isError: true, text: 'Your role (memory-reader) does not allow workflows:read.' });
      expect((await call(asMemoryOnly, 'get_run', { runId: 'x' })).isError).toBe(true);
      expect((await call(asMemoryOnly, 'run_greet', { name: 'Eve' })).isError).toBe(true);
    } finally {
      await Promise.all([asViewer.close(), asWorkflowsOnly.close(), asMemoryOnly.close()]);
    }
  });

  it('answers 401 without a token, pointing at the protected-resource metadata', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource"$/);
    const meta = await fetch(/resource_metadata="([^"]+)"/.exec(challenge)![1]!);
    expect(await meta.json()).toMatchObject({ resource: url.href, bearer_methods_supported: ['header'] });
    const bad = new Client({ name: 'atom-test', version: '1.0.0' });
    await expect(bad.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: 'Bearer atom_not_a_token' } } }))).rejects.toThrow();
    expect((await fetch(url, { headers: { authorization: `Bearer ${owner.token}` } })).status).toBe(405);
  });

  it("connects with the MCP Inspector's command-line mode (on Node 24), lists the tools and calls them", async () => {
    const inspector = await mcpInspector();
    const cli = async (...args: string[]) => {
      const { stdout } = await promisify(execFile)(inspector.node, [inspector.launcher, '--cli', url.href, '--transport', 'http', '--header', `Authorization: Bearer ${owner.token}`, ...args], { timeout: 60_000 });
      return JSON.parse(stdout) as Record<string, unknown>;
    };
    const listed = (await cli('--method', 'tools/list')) as { tools: { name: string }[] };
    expect(listed.tools.map((x) => x.name)).toEqual(expect.arrayContaining(['search_memory', 'get_document_passages', 'list_workflows', 'get_run', 'draft_workflow', 'run_greet']));
    const found = (await cli('--method', 'tools/call', '--tool-name', 'search_memory', '--tool-arg', 'query=glider flutter')) as { structuredContent: { hits: { title: string }[] } };
    expect(found.structuredContent.hits[0]?.title).toBe('Glider plan');
    const run = (await cli('--method', 'tools/call', '--tool-name', 'run_greet', '--tool-arg', 'name=Inspector')) as { structuredContent: { output: unknown } };
    expect(run.structuredContent.output).toEqual({ greeting: 'Hello Inspector' });
  }, 360_000);

  it('records every tool call in the audit trail, refusals included', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit?action=mcp.tool.called&limit=200', headers: owner.bearer });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { actor: { id: string | null }; outcome: string; target: { id: string } | null; details: { tool?: string } }[] }>().items;
    const seen = new Set(items.map((e) => `${e.details.tool ?? e.target?.id}:${e.outcome}:${e.actor.id === owner.userId ? 'owner' : 'other'}`));
    for (const tool of ['search_memory', 'get_document_passages', 'list_workflows', 'run_greet', 'get_run', 'draft_workflow']) expect(seen).toContain(`${tool}:success:owner`);
    for (const tool of ['run_greet', 'draft_workflow', 'search_memory', 'list_workflows']) expect(seen).toContain(`${tool}:denied:other`);
  });
});

describe('Atom as an MCP server (PostgreSQL)', () => {
  let t: TestApp;
  let url: URL;
  let owner: TestActor;

  beforeAll(async () => {
    ({ t, url } = await startApp('postgres'));
    owner = await signUpOwner(t.app);
    await createExposedWorkflow(t, owner);
  }, 90_000);
  afterAll(() => t?.cleanup());

  it('runs an exposed workflow through the SDK client and audits the call', async () => {
    const client = await connect(url, owner);
    try {
      const run = data<{ status: string; output: unknown }>(await call(client, 'run_greet', { name: 'Grace' }));
      expect(run).toMatchObject({ status: 'succeeded', output: { greeting: 'Hello Grace' } });
    } finally {
      await client.close();
    }
    const res = await t.app.inject({ method: 'GET', url: '/api/audit?action=mcp.tool.called', headers: owner.bearer });
    expect(res.json<{ items: { outcome: string; target?: { id: string } }[] }>().items).toContainEqual(expect.objectContaining({ outcome: 'success', target: { type: 'mcp_tool', id: 'run_greet' } }));
  });
});
