import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { parseEventStream } from './event-stream.js';

const KEY = 'sk-memory-chat-key-1234567890';
const me = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['ai:use', 'memory:read', 'memory:write'] });

let t: Awaited<ReturnType<typeof createTestApp>>;
let app: Awaited<ReturnType<typeof createTestApp>>['app'];
let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;

beforeAll(async () => {
  // The app as built for production: app.ts shares its memory with the chat agent.
  t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
  app = t.app;
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
  await t.cleanup();
  await openai.close();
});

describe('chat over the app\'s memory (wired in app.ts)', () => {
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
