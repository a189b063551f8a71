import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMcpServer, type FakeMcpServer } from '../../../test/fakes/mcp-server.js';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { parseEventStream } from '../../ai/chat/event-stream.js';

const KEY = 'sk-mcp-client-chat-key-12345678';
const me = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['ai:use', 'memory:read', 'workflows:read', 'workflows:write', 'workflows:run', 'settings:manage'] });

let t: Awaited<ReturnType<typeof createTestApp>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
let remote: FakeMcpServer;
let serverId = '';
beforeAll(async () => {
  remote = await startFakeMcpServer();
  t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
  openai = await startFakeOpenAI({ keys: [KEY] });
  await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: me, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
  const created = await t.app.inject({ method: 'POST', url: '/api/mcp-servers', headers: me, payload: { name: 'calc', url: remote.url } });
  expect(created.statusCode, created.body).toBe(201);
  serverId = created.json<{ id: string }>().id;
});
afterAll(async () => {
  await t.cleanup();
  await openai.close();
  await remote.close();
});

describe('external MCP tools in chat', () => {
  it('asks first, showing the server URL and the full arguments, then calls the external tool', async () => {
    const input = { serverId, tool: 'add', arguments: { a: 20, b: 22 } };
    openai.script({ toolCalls: [{ name: 'run_action', args: { actionId: 'mcp.call_tool', input } }] });
    const events = parseEventStream((await t.app.inject({ method: 'POST', url: '/api/chat', headers: me, payload: { message: 'Add 20 and 22 with the calc server' } })).body);
    const confirm = events.find((e) => e.event === 'confirm');
    expect(confirm).toBeDefined();
    const shown = JSON.stringify(confirm!.data);
    expect(shown).toContain(remote.url);
    expect(shown).toContain('{\\"a\\":20,\\"b\\":22}');
    const before = remote.authorizations.length;

    let toolResult = '';
    openai.script((req) => {
      toolResult = req.body;
      return { text: 'It is 42.' };
    });
    const confirmed = await t.app.inject({ method: 'POST', url: `/api/chat/pending/${String(confirm!.data.pendingId)}/confirm`, headers: me });
    expect(confirmed.statusCode, confirmed.body).toBeLessThan(300);
    expect(remote.authorizations.length).toBeGreaterThan(before);
    expect(toolResult).toContain('42');
  });
});
