import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';
import { workflowRuntime } from '../../workflows/index.js';

/**
 * The OpenAI-compatible model call, end to end through the API against the OpenAI fake (the contract Ollama,
 * LM Studio and vLLM serve too): the connection holds base URL, key and default model; steps run in workflows.
 */
const KEY = 'sk-compatible-0123456789abcdef';

describe('OpenAI-compatible API (openai-compatible)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let connectionId = '';

  const connect = (settings: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/connections', headers: owner.bearer, payload: { service: 'openai-compatible', credentials: { settings } } });
  const run = async (steps: unknown[]) => {
    const made = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: `m ${Math.random()}`, definition: { trigger: { type: 'manual' }, steps } } });
    const id = made.json<{ id: string }>().id;
    const a = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} });
    if (a.statusCode !== 200) return { activation: a };
    const r = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: owner.bearer, payload: { waitMs: 20_000 } });
    const body = r.json<{ id: string; status: string; error: unknown }>();
    const detail = (await t.app.inject({ url: `/api/runs/${body.id}`, headers: owner.bearer })).json<{ steps: { stepId: string; output: unknown }[] }>();
    return { run: body, out: (step: string) => detail.steps.find((s) => s.stepId === step)?.output };
  };

  beforeAll(async () => {
    fake = await startFakeOpenAI({ keys: [KEY] });
    t = await createTestApp('sqlite', { ATOM_SSRF_ALLOW: '127.0.0.1', ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_LOG_LEVEL: 'warn' });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
    await fake?.close();
  });

  it('connecting checks the base URL and key (GET /models); a wrong key is refused without echoing it', async () => {
    const wrong = await connect({ baseUrl: `${fake.url}/v1`, apiKey: 'sk-wrong-key-that-must-not-leak' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).not.toContain('sk-wrong-key-that-must-not-leak');
    expect(wrong.json<{ detail: string }>().detail).toMatch(/API key was not accepted/);
    const ok = await connect({ baseUrl: `${fake.url}/v1`, apiKey: KEY, defaultModel: 'gpt-4o-mini' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ authKind: 'server', accountLabel: `${new URL(fake.url).host} (gpt-4o-mini)` });
    connectionId = ok.json<{ id: string }>().id;
  });

  it('an internal base URL follows the SSRF allow-list', async () => {
    const r = await connect({ baseUrl: 'http://10.1.2.3:11434/v1', apiKey: '' });
    expect(r.statusCode).toBe(422);
    expect(r.json<{ detail: string }>().detail).toMatch(/internal address/);
  });

  it('chat completion, JSON and the model list run as workflow steps', async () => {
    fake.script({ text: 'The customer wants a refund.', usage: { input: 12, output: 6 } }, { text: '{"priority":"high","team":"billing"}' });
    const before = fake.requests.length;
    const r = await run([
      { id: 'ask', type: 'action', action: 'openai_compatible.chat_completion', input: { connectionId, system: 'Be brief.', prompt: 'Summarise: I want my money back', temperature: 0 } },
      { id: 'json', type: 'action', action: 'openai_compatible.generate_json', input: { connectionId, prompt: 'Classify as JSON {priority, team}: {{ steps.ask.text }}', model: 'gpt-4.1-mini' } },
      { id: 'models', type: 'action', action: 'openai_compatible.list_models', input: { connectionId } },
    ]);
    expect(r.run?.status, JSON.stringify(r.run?.error)).toBe('succeeded');
    expect(r.out?.('ask')).toEqual({ text: 'The customer wants a refund.', model: 'gpt-4o-mini', finishReason: 'stop', usage: { inputTokens: 12, outputTokens: 6 } });
    expect(r.out?.('json')).toMatchObject({ json: { priority: 'high', team: 'billing' }, model: 'gpt-4.1-mini' });
    expect((r.out?.('models') as { models: { id: string }[] }).models.map((m) => m.id)).toContain('gpt-4o-mini');
    const calls = fake.requests.slice(before).filter((q) => q.url.endsWith('/chat/completions'));
    expect(calls[0]?.json).toMatchObject({ model: 'gpt-4o-mini', temperature: 0, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Summarise: I want my money back' }] });
    expect(calls[1]?.json).toMatchObject({ response_format: { type: 'json_object' } });
    expect(calls[1]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    fake.script({ status: 429, retryAfter: '1' }, { text: 'after the wait' });
    const started = Date.now();
    const r = await run([{ id: 'ask', type: 'action', action: 'openai_compatible.chat_completion', input: { connectionId, prompt: 'hello' } }]);
    expect(r.run?.status).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(r.out?.('ask')).toMatchObject({ text: 'after the wait' });
  });

  it('bad input is refused at activation naming the field; an answer that is not JSON fails clearly', async () => {
    const bad = await run([{ id: 'ask', type: 'action', action: 'openai_compatible.chat_completion', input: { connectionId, temperature: 5 } }]);
    expect(bad.activation?.statusCode).toBe(422);
    expect(bad.activation?.json<{ errors: { field: string }[] }>().errors.map((e) => e.field).sort()).toEqual(['steps.ask.input.prompt', 'steps.ask.input.temperature']);
    fake.script({ text: 'not json at all' });
    const r = await run([{ id: 'json', type: 'action', action: 'openai_compatible.generate_json', input: { connectionId, prompt: 'JSON please' } }]);
    expect(r.run?.status).toBe('failed');
    expect(JSON.stringify(r.run?.error)).toMatch(/did not answer with JSON/);
  });

  it('a key revoked later is a clear reconnect error, not retried', async () => {
    // An empty set means the fake accepts any key: keep another one in it.
    fake.keys.add('sk-someone-else');
    fake.keys.delete(KEY);
    const before = fake.requests.length;
    const r = await run([{ id: 'ask', type: 'action', action: 'openai_compatible.chat_completion', input: { connectionId, prompt: 'hello' } }]);
    fake.keys.add(KEY);
    expect(r.run?.status).toBe('failed');
    expect(r.run?.error).toMatchObject({ code: 'integrations.http.unauthorized', message: expect.stringMatching(/API key was not accepted/) });
    expect(JSON.stringify(r.run?.error)).not.toContain(KEY);
    expect(fake.requests.length - before).toBe(1);
  });
});
