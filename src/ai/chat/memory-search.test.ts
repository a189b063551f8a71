import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { createTestContext } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { buildApp } from '../../app.js';
import { createMemory } from '../../memory/index.js';
import { parseEventStream } from './event-stream.js';
import { memorySearchPort } from './memory-search.js';
import { provideAgentPorts } from './ports.js';

const KEY = 'sk-memory-chat-key-1234567890';
const me = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['ai:use', 'memory:read', 'memory:write'] });

let t: Awaited<ReturnType<typeof createTestContext>>;
let app: Awaited<ReturnType<typeof buildApp>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;

beforeAll(async () => {
  t = await createTestContext('sqlite');
  const memory = await createMemory(t.ctx);
  t.ctx.lifecycle.onShutdown('memory', () => memory.close());
  app = await buildApp(t.ctx, { authenticator: testAuthenticator, memory: { memory } });
  provideAgentPorts(t.ctx, { memory: memorySearchPort(memory) });
  openai = await startFakeOpenAI({ keys: [KEY] });
  await app.inject({ method: 'POST', url: '/api/ai/keys', headers: me, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
  const boundary = '----atommem';
  const payload = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="leave-policy.md"\r\ncontent-type: text/markdown\r\n\r\n# Leave policy\n\nEmployees get 27 days of paid annual leave, plus public holidays.\r\n--${boundary}--\r\n`,
  );
  const up = await app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', headers: { ...me, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  expect(up.statusCode, up.body).toBe(201);
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
  await openai.close();
});

describe('chat over real memory search', () => {
  it('cites the uploaded document the answer came from', async () => {
    openai.script({ toolCalls: [{ name: 'search_documents', args: { query: 'paid annual leave days' } }] }, (req) => {
      expect(req.body).toContain('27 days of paid annual leave');
      return { text: 'You get 27 days of paid leave a year [1].' };
    });
    const res = await app.inject({ method: 'POST', url: '/api/chat', headers: me, payload: { message: 'How many days of leave do I get?' } });
    const events = parseEventStream(res.body);
    const citations = events.find((e) => e.event === 'citations')?.data.citations as { title: string; documentId: string; url: string }[];
    expect(citations).toHaveLength(1);
    expect(citations[0]!.title).toMatch(/leave/i);
    const doc = await app.inject({ method: 'GET', url: `/api/memory/documents/${citations[0]!.documentId}`, headers: me });
    expect(doc.statusCode).toBe(200);
  });
});
