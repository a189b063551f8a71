import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tool, type ToolSet } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeAnthropic } from '../../test/fakes/anthropic/server.js';
import { startFakeGemini } from '../../test/fakes/gemini/server.js';
import { startFakeOpenAI } from '../../test/fakes/openai/server.js';
import type { FakeModelServer } from '../../test/fakes/openai/script.js';
import { createTestApp } from '../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../test/support/principal.js';
import { transcribeWithDeepgram } from '../voice/deepgram.js';
import { transcribeWithWhisper } from '../voice/whisper.js';
import { aiServices } from './assistant.js';
import { providerFetch } from './providers/outbound.js';

const member = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['ai:use'] });
const admin = asPrincipal({ userId: 'admin', workspaceId: 'ws1', permissions: ['ai:use', 'ai:manage'] });
const KEY = 'sk-test-0123456789abcdefSECRET';

const tools: ToolSet = {
  search_documents: tool({ description: 'Search the documents', inputSchema: z.object({ query: z.string() }) }),
};

let t: Awaited<ReturnType<typeof createTestApp>>;
let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
let anthropic: FakeModelServer;
let gemini: FakeModelServer;

beforeAll(async () => {
  t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
  openai = await startFakeOpenAI({ keys: [KEY] });
  anthropic = await startFakeAnthropic({ keys: [KEY] });
  gemini = await startFakeGemini({ keys: [KEY] });
});
afterAll(async () => {
  await t.cleanup();
  await Promise.all([openai.close(), anthropic.close(), gemini.close()]);
});

const addKey = (body: Record<string, unknown>, headers = member) =>
  t.app.inject({ method: 'POST', url: '/api/ai/keys', headers, payload: body });

const run = (model: string, extra: { tools?: ToolSet } = {}) => {
  const chunks: string[] = [];
  return aiServices(t.ctx)
    .runner.run({ workspaceId: 'ws1', userId: 'u1', feature: 'chat', model, messages: [{ role: 'user', content: 'hello' }], onText: (d) => chunks.push(d), ...extra })
    .then((r) => ({ ...r, chunks }));
};

describe('bring your own key', () => {
  it('checks a key against the provider before saving it, and never returns it', async () => {
    const bad = await addKey({ provider: 'openai', apiKey: 'sk-wrong-key-000000000000', baseUrl: `${openai.url}/v1` });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'ai.key.rejected', errors: [{ field: 'body.apiKey' }] });

    const ok = await addKey({ provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1`, openaiApi: 'responses' });
    expect(ok.statusCode).toBe(201);
    expect(ok.body).not.toContain(KEY);
    expect(ok.json()).toMatchObject({ provider: 'openai', scope: 'user', hint: 'sk-…CRET', models: expect.arrayContaining(['gpt-4o-mini']) });
    expect(openai.requests.at(-1)).toMatchObject({ method: 'GET', url: '/v1/models' });

    const list = await t.app.inject({ method: 'GET', url: '/api/ai/keys', headers: member });
    expect(list.body).not.toContain(KEY);
    expect(list.json().keys).toHaveLength(1);

    const row = await t.ctx.db.selectFrom('ai_keys').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(KEY);
  });

  it('refuses a workspace key without ai:manage and a self-hosted server without a base URL', async () => {
    const ws = await addKey({ provider: 'anthropic', apiKey: KEY, scope: 'workspace', baseUrl: `${anthropic.url}/v1` });
    expect(ws.statusCode).toBe(403);
    const custom = await addKey({ provider: 'custom' });
    expect(custom.statusCode).toBe(400);
    expect(custom.json().errors[0].field).toBe('body.baseUrl');
  });

  it('streams text and tool calls over the OpenAI Responses API', async () => {
    openai.script({ text: 'Hello from the responses API', usage: { input: 1000, output: 2000 } });
    const r = await run('openai:gpt-4o-mini');
    expect(r.text).toBe('Hello from the responses API');
    expect(r.chunks.length).toBeGreaterThan(1);
    const req = openai.requests.at(-1)!;
    expect(req.url).toBe('/v1/responses');
    expect(req.json).toMatchObject({ model: 'gpt-4o-mini', stream: true });
    expect(r.usage).toMatchObject({ inputTokens: 1000, outputTokens: 2000, priced: true });
    expect(r.usage.costUsd).toBeCloseTo((1000 * 0.15 + 2000 * 0.6) / 1e6, 10);

    openai.script({ toolCalls: [{ name: 'search_documents', args: { query: 'invoices' } }] });
    const call = await run('openai:gpt-4o-mini', { tools });
    expect(call.toolCalls).toEqual([{ toolCallId: 'call_0_search_documents', toolName: 'search_documents', input: { query: 'invoices' } }]);
    expect((openai.requests.at(-1)!.json as { tools: { name: string }[] }).tools[0]!.name).toBe('search_documents');
  });

  it('streams text and tool calls over OpenAI-compatible chat completions (Groq, Mistral, Ollama...)', async () => {
    expect((await addKey({ provider: 'groq', apiKey: KEY, baseUrl: `${openai.url}/v1` })).statusCode).toBe(201);
    openai.script({ text: 'chat completions streaming works' });
    const r = await run('groq:llama-3.3-70b-versatile');
    expect(r.text).toBe('chat completions streaming works');
    expect(r.chunks.length).toBeGreaterThan(1);
    expect(openai.requests.at(-1)!.url).toBe('/v1/chat/completions');
    expect(openai.requests.at(-1)!.json).toMatchObject({ stream: true, model: 'llama-3.3-70b-versatile' });

    openai.script({ toolCalls: [{ name: 'search_documents', args: { query: 'q3 report' } }] });
    const call = await run('groq:llama-3.3-70b-versatile', { tools });
    expect(call.toolCalls[0]).toMatchObject({ toolName: 'search_documents', input: { query: 'q3 report' } });
  });

  it('runs a keyless local server (Ollama-style) by base URL', async () => {
    const local = await startFakeOpenAI({ keys: [] });
    try {
      expect((await addKey({ provider: 'custom', baseUrl: `${local.url}/v1`, label: 'Ollama' })).statusCode).toBe(201);
      local.script({ text: 'local model here' });
      expect((await run('custom:llama3.1:8b')).text).toBe('local model here');
      expect(local.requests.at(-1)!.json).toMatchObject({ model: 'llama3.1:8b' });
    } finally {
      await local.close();
    }
  });

  it('uses the OpenAI chat completions API when the key asks for it', async () => {
    // A second OpenAI key of the same user: the newest wins.
    expect((await addKey({ provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1`, openaiApi: 'chat' })).statusCode).toBe(201);
    openai.script({ text: 'via chat completions' });
    expect((await run('openai:gpt-4o')).text).toBe('via chat completions');
    expect(openai.requests.at(-1)!.url).toBe('/v1/chat/completions');
  });

  it('streams Anthropic messages over SSE with tool use', async () => {
    expect((await addKey({ provider: 'anthropic', apiKey: KEY, baseUrl: `${anthropic.url}/v1` })).statusCode).toBe(201);
    anthropic.script({ text: 'Claude speaking, streamed.' });
    const r = await run('anthropic:claude-sonnet-4-5');
    expect(r.text).toBe('Claude speaking, streamed.');
    expect(r.chunks.length).toBeGreaterThan(1);
    const req = anthropic.requests.at(-1)!;
    expect(req.url).toBe('/v1/messages');
    expect(req.headers['x-api-key']).toBe(KEY);
    expect(req.json).toMatchObject({ stream: true, model: 'claude-sonnet-4-5' });

    anthropic.script({ text: 'Let me look.', toolCalls: [{ name: 'search_documents', args: { query: 'contract' } }] });
    const call = await run('anthropic:claude-sonnet-4-5', { tools });
    expect(call.text).toBe('Let me look.');
    expect(call.toolCalls[0]).toMatchObject({ toolName: 'search_documents', input: { query: 'contract' } });
  });

  it('streams Gemini streamGenerateContent with function calls', async () => {
    const bad = await addKey({ provider: 'google', apiKey: 'AIza-wrong-000000000', baseUrl: `${gemini.url}/v1beta` });
    expect(bad.statusCode).toBe(422);
    const ok = await addKey({ provider: 'google', apiKey: KEY, baseUrl: `${gemini.url}/v1beta` });
    expect(ok.json().models).toEqual(['gemini-2.5-flash', 'gemini-2.5-pro']);
    gemini.script({ text: 'Gemini answers in pieces' });
    const r = await run('google:gemini-2.5-flash');
    expect(r.text).toBe('Gemini answers in pieces');
    expect(r.chunks.length).toBeGreaterThan(1);
    expect(gemini.requests.at(-1)!.url).toMatch(/^\/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent\?alt=sse/);

    gemini.script({ toolCalls: [{ name: 'search_documents', args: { query: 'budget' } }] });
    const call = await run('google:gemini-2.5-flash', { tools });
    expect(call.toolCalls[0]).toMatchObject({ toolName: 'search_documents', input: { query: 'budget' } });
  });

  it('reaches Azure OpenAI with the api-key header', async () => {
    const res = await addKey({ provider: 'azure', apiKey: KEY, baseUrl: `${openai.url}/v1`, scope: 'workspace' }, admin);
    expect(res.statusCode).toBe(201);
    expect(openai.requests.at(-1)!.headers['api-key']).toBe(KEY);
    openai.script({ text: 'azure deployment reply' });
    expect((await run('azure:my-gpt4o-deployment')).text).toBe('azure deployment reply');
    expect(openai.requests.at(-1)!.json).toMatchObject({ model: 'my-gpt4o-deployment' });
  });

  it('falls back along the chain on 429 and 5xx, and fails clearly when every model fails', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/ai/settings',
      headers: member,
      payload: { defaultModel: 'openai:gpt-4o-mini', fallbackModels: ['anthropic:claude-haiku-4-5', 'google:gemini-2.5-flash'], monthlyBudgetUsd: null, hardLimit: true },
    });
    expect(put.statusCode).toBe(200);

    openai.script({ status: 429, retryAfter: '1' });
    anthropic.script({ status: 529 });
    gemini.script({ text: 'third time lucky' });
    const r = await aiServices(t.ctx).runner.run({ workspaceId: 'ws1', userId: 'u1', feature: 'chat', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.text).toBe('third time lucky');
    expect(r.model).toBe('google:gemini-2.5-flash');
    expect(r.fallbacks).toEqual([
      { model: 'openai:gpt-4o-mini', reason: 'HTTP 429' },
      { model: 'anthropic:claude-haiku-4-5', reason: 'HTTP 529' },
    ]);

    openai.script({ status: 500 });
    anthropic.script({ status: 503 });
    gemini.script({ status: 429 });
    await expect(aiServices(t.ctx).runner.run({ workspaceId: 'ws1', userId: 'u1', feature: 'chat', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      code: 'ai.provider.all_failed',
      status: 503,
    });

    // A 400 is the request's fault: no fallback, the error is reported.
    openai.script({ status: 400 });
    await expect(aiServices(t.ctx).runner.run({ workspaceId: 'ws1', userId: 'u1', feature: 'chat', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      code: 'ai.provider.failed',
    });
    gemini.script({ text: 'ok' });
    anthropic.script({ text: 'ok' });
    openai.script({ text: 'ok' });
  });

  it('lists models and the chain in effect', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/ai/models', headers: member });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.chain).toEqual(['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'google:gemini-2.5-flash']);
    expect(body.models.map((m: { ref: string }) => m.ref)).toEqual(expect.arrayContaining(['openai:gpt-4o-mini', 'anthropic:claude-sonnet-4-5', 'google:gemini-2.5-pro', 'azure:gpt-4o-mini']));
    // Another member sees the workspace key but not u1's keys.
    const other = await t.app.inject({ method: 'GET', url: '/api/ai/keys', headers: asPrincipal({ userId: 'u2', workspaceId: 'ws1', permissions: ['ai:use'] }) });
    expect(other.json().keys.map((k: { provider: string }) => k.provider)).toEqual(['azure']);
    // Another workspace sees nothing.
    const foreign = await t.app.inject({ method: 'GET', url: '/api/ai/keys', headers: asPrincipal({ userId: 'u1', workspaceId: 'ws2', permissions: ['ai:use'] }) });
    expect(foreign.json().keys).toEqual([]);
  });

  it('answers 403 without ai:use and keeps a key quoted by the provider out of the error', async () => {
    const denied = await t.app.inject({ method: 'GET', url: '/api/ai/models', headers: asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: [] }) });
    expect(denied.statusCode).toBe(403);
    // A provider that echoes the key in its 401 message (OpenAI does, partly masked).
    const echo = await startFakeOpenAI({ keys: [] });
    try {
      await aiServices(t.ctx).keys.save({ workspaceId: 'ws9', ownerUserId: 'u9', provider: 'mistral', label: 'm', baseUrl: `${echo.url}/v1`, options: {}, apiKey: KEY, models: ['m'], createdBy: 'u9' });
      echo.script({ status: 401 });
      const err = await aiServices(t.ctx).runner.run({ workspaceId: 'ws9', userId: 'u9', feature: 'chat', model: 'mistral:m', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      // The key's owner can fix it: a 4xx naming the refusal, not "something went wrong on our side".
      expect(err).toMatchObject({ code: 'ai.key_refused', status: 409, message: expect.stringMatching(/^Mistral refused the key \(HTTP 401\)\. .*Settings → AI/) });
      expect(JSON.stringify(err)).not.toContain(KEY);
      expect(String((err as Error).message)).not.toContain(KEY);
      echo.script({ status: 403 });
      const forbidden = await aiServices(t.ctx).runner.run({ workspaceId: 'ws9', userId: 'u9', feature: 'chat', model: 'mistral:m', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(forbidden).toMatchObject({ code: 'ai.key_refused', status: 409 });
    } finally {
      await echo.close();
    }
  });

  it('never writes a key into the logs', () => {
    expect(t.logs.lines.length).toBeGreaterThan(10);
    expect(t.logs.text).not.toContain(KEY);
    expect(t.logs.text).not.toContain('0123456789abcdef');
  });
});

/**
 * Base URLs are member input (ai:use): without ATOM_SSRF_ALLOW, internal addresses are refused before any
 * request leaves, for the key probe, the AI SDK models and transcription alike.
 */
describe('provider base URLs and the SSRF guard', () => {
  let guarded: Awaited<ReturnType<typeof createTestApp>>;
  let internal: Server;
  let port = 0;
  const hits: string[] = [];

  beforeAll(async () => {
    guarded = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '' }, { authenticator: testAuthenticator });
    // Stands for an internal service: it answers like OpenAI, so any request that got through would succeed.
    internal = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: [{ id: 'gpt-4o-mini' }] }));
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    port = (internal.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await guarded?.cleanup();
    await new Promise((resolve) => internal?.close(resolve));
  });

  it.each([
    ['the cloud metadata address', () => 'http://169.254.169.254/latest'],
    ['a loopback IP', () => `http://127.0.0.1:${port}/v1`],
    ['a name resolving to loopback', () => `http://localhost:${port}/v1`],
    ['a decimal loopback IP', () => `http://2130706433:${port}/v1`],
  ])('refuses a key whose base URL is %s, naming baseUrl, and sends nothing', async (_what, baseUrl) => {
    const res = await guarded.app.inject({ method: 'POST', url: '/api/ai/keys', headers: member, payload: { provider: 'openai', apiKey: KEY, baseUrl: baseUrl() } });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'ai.key.blocked_address', errors: [{ field: 'body.baseUrl' }] });
    expect(res.json().detail ?? res.json().title).toMatch(/ATOM_SSRF_ALLOW/);
    expect(hits).toEqual([]);
    expect(await guarded.ctx.db.selectFrom('ai_keys').selectAll().execute()).toHaveLength(0);
  });

  it('refuses a model call through a stored key that points inside, without trying it', async () => {
    // A key saved before the guard existed (or by an admin tool) still never reaches the address.
    const ai = aiServices(guarded.ctx);
    await ai.keys.save({ workspaceId: 'ws1', ownerUserId: 'u1', provider: 'openai', label: 'old', baseUrl: `http://localhost:${port}/v1`, options: { openaiApi: 'chat' }, apiKey: KEY, models: ['gpt-4o-mini'], createdBy: 'u1' });
    const err = await ai.runner.run({ workspaceId: 'ws1', userId: 'u1', feature: 'chat', model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ai.provider.failed', message: expect.stringMatching(/internal address/) });
    expect(hits).toEqual([]);
  });

  it('refuses transcription to an internal base URL (Whisper and Deepgram)', async () => {
    const fetch = providerFetch([]);
    const audio = Buffer.from('RIFF');
    const whisper = await transcribeWithWhisper({ baseUrl: `http://localhost:${port}/v1`, apiKey: KEY, model: 'whisper-1', audio, mime: 'audio/wav', filename: 'a.wav', timeoutMs: 5000, fetch }).catch((e: unknown) => e);
    expect(whisper).toMatchObject({ code: 'ai.key.blocked_address', status: 422 });
    const deepgram = await transcribeWithDeepgram({ baseUrl: `http://127.0.0.1:${port}`, apiKey: KEY, model: 'nova-3', audio, mime: 'audio/wav', timeoutMs: 5000, fetch }).catch((e: unknown) => e);
    expect(deepgram).toMatchObject({ code: 'ai.key.blocked_address', status: 422 });
    expect(hits).toEqual([]);
  });

  it('lets an allow-listed local model server through (ATOM_SSRF_ALLOW)', async () => {
    const ok = await providerFetch(['127.0.0.1'])(`http://localhost:${port}/v1/models`);
    expect(ok.status).toBe(200);
    expect(hits).toEqual(['GET /v1/models']);
    hits.length = 0;
  });
});
