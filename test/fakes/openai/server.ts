import type { ServerResponse } from 'node:http';
import { deltas, sendJson, sse, startScriptedServer, usageOf, type FakeModelServer, type RecordedRequest, type ScriptedReply } from './script.js';

/**
 * A fake of the OpenAI API (also what Mistral, Groq, DeepSeek, OpenRouter, Ollama, LM Studio and vLLM serve):
 * `GET /v1/models`, `POST /v1/chat/completions` (JSON or SSE `chat.completion.chunk`s ending in `[DONE]`,
 * tool calls as `tool_calls` deltas, usage in a final chunk), `POST /v1/responses` (JSON or named SSE events
 * `response.created` ... `response.completed`, tool calls as `function_call` items) and
 * `POST /v1/audio/transcriptions`. Errors use OpenAI's `{ error: { message, type, code } }` body.
 */
export interface FakeOpenAI extends FakeModelServer {
  /** Transcript the transcription endpoint answers. */
  transcript: string;
}

const models = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'text-embedding-3-small', 'whisper-1'];

export async function startFakeOpenAI(options: { keys?: string[]; prefix?: string } = {}): Promise<FakeOpenAI> {
  const prefix = options.prefix ?? '/v1';
  const state = { transcript: 'hello from whisper' };
  const authorized = (req: RecordedRequest) => {
    const auth = String(req.headers.authorization ?? req.headers['api-key'] ?? '').replace(/^Bearer /, '');
    return fake.keys.size === 0 || fake.keys.has(auth);
  };
  const fake = (await startScriptedServer((req, res, next) => {
    const path = req.url.split('?')[0] ?? '';
    if (!path.startsWith(prefix)) return false;
    const rest = path.slice(prefix.length);
    if (!authorized(req)) {
      sendJson(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      return true;
    }
    if (req.method === 'GET' && rest === '/models') {
      sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'openai' })) });
      return true;
    }
    if (req.method === 'POST' && rest === '/audio/transcriptions') {
      if (!req.body.includes('name="file"')) {
        sendJson(res, 400, { error: { message: 'file is required', type: 'invalid_request_error', param: 'file', code: null } });
        return true;
      }
      sendJson(res, 200, { text: fake.transcript });
      return true;
    }
    if (req.method !== 'POST' || (rest !== '/chat/completions' && rest !== '/responses')) return false;
    const reply = next();
    if (reply.status) {
      sendError(req, res, reply);
      return true;
    }
    const body = (req.json ?? {}) as { model?: string; stream?: boolean };
    const model = body.model ?? 'gpt-4o-mini';
    if (rest === '/chat/completions') (body.stream ? streamChat : chatJson)(res, model, reply);
    else (body.stream ? streamResponses : responsesJson)(res, model, reply);
    return true;
  }, options.keys ?? [])) as FakeOpenAI;
  Object.defineProperty(fake, 'transcript', { get: () => state.transcript, set: (v: string) => (state.transcript = v) });
  return fake;
}

function sendError(req: RecordedRequest, res: ServerResponse, reply: ScriptedReply) {
  const status = reply.status ?? 500;
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  // OpenAI's 401 quotes the key it was given; the client must not pass that on.
  const message = status === 401 ? `Incorrect API key provided: ${String(req.headers.authorization ?? '').replace(/^Bearer /, '')}.` : `fake ${status}`;
  sendJson(res, status, { error: { message, type, param: null, code: status === 401 ? 'invalid_api_key' : type } }, reply.retryAfter ? { 'retry-after': reply.retryAfter } : {});
}

const created = () => Math.floor(Date.now() / 1000);

function chatJson(res: ServerResponse, model: string, r: ScriptedReply) {
  const u = usageOf(r);
  sendJson(res, 200, {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: created(),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: r.text ?? null,
          ...(r.toolCalls?.length
            ? { tool_calls: r.toolCalls.map((t, i) => ({ id: `call_${i}_${t.name}`, type: 'function', function: { name: t.name, arguments: JSON.stringify(t.args) } })) }
            : {}),
        },
        finish_reason: r.toolCalls?.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output },
  });
}

function streamChat(res: ServerResponse, model: string, r: ScriptedReply) {
  const s = sse(res);
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: created(), model };
  s.send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  for (const d of deltas(r.text ?? '')) s.send({ ...base, choices: [{ index: 0, delta: { content: d }, finish_reason: null }] });
  (r.toolCalls ?? []).forEach((t, i) => {
    s.send({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: i, id: `call_${i}_${t.name}`, type: 'function', function: { name: t.name, arguments: '' } }] }, finish_reason: null }] });
    for (const d of deltas(JSON.stringify(t.args))) s.send({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: i, function: { arguments: d } }] }, finish_reason: null }] });
  });
  s.send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: r.toolCalls?.length ? 'tool_calls' : 'stop' }] });
  const u = usageOf(r);
  s.send({ ...base, choices: [], usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output } });
  s.send('[DONE]');
  s.end();
}

function responseItems(r: ScriptedReply) {
  const items: Record<string, unknown>[] = [];
  if (r.text !== undefined) items.push({ type: 'message', id: 'msg_fake', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: r.text, annotations: [] }] });
  (r.toolCalls ?? []).forEach((t, i) =>
    items.push({ type: 'function_call', id: `fc_${i}`, call_id: `call_${i}_${t.name}`, name: t.name, arguments: JSON.stringify(t.args), status: 'completed' }),
  );
  return items;
}

function responseObject(model: string, r: ScriptedReply, status: 'in_progress' | 'completed') {
  const u = usageOf(r);
  return {
    id: 'resp_fake',
    object: 'response',
    created_at: created(),
    status,
    model,
    output: status === 'completed' ? responseItems(r) : [],
    usage: status === 'completed'
      ? { input_tokens: u.input, input_tokens_details: { cached_tokens: 0 }, output_tokens: u.output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: u.input + u.output }
      : null,
  };
}

function responsesJson(res: ServerResponse, model: string, r: ScriptedReply) {
  sendJson(res, 200, responseObject(model, r, 'completed'));
}

function streamResponses(res: ServerResponse, model: string, r: ScriptedReply) {
  const s = sse(res);
  let seq = 0;
  const send = (type: string, data: Record<string, unknown>) => s.send({ type, sequence_number: seq++, ...data }, type);
  send('response.created', { response: responseObject(model, r, 'in_progress') });
  send('response.in_progress', { response: responseObject(model, r, 'in_progress') });
  let index = 0;
  if (r.text !== undefined) {
    const item = { type: 'message', id: 'msg_fake', status: 'in_progress', role: 'assistant', content: [] };
    send('response.output_item.added', { output_index: index, item });
    send('response.content_part.added', { item_id: 'msg_fake', output_index: index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    for (const d of deltas(r.text)) send('response.output_text.delta', { item_id: 'msg_fake', output_index: index, content_index: 0, delta: d, logprobs: [] });
    send('response.output_text.done', { item_id: 'msg_fake', output_index: index, content_index: 0, text: r.text, logprobs: [] });
    send('response.content_part.done', { item_id: 'msg_fake', output_index: index, content_index: 0, part: { type: 'output_text', text: r.text, annotations: [] } });
    send('response.output_item.done', { output_index: index, item: responseItems({ text: r.text })[0] });
    index++;
  }
  (r.toolCalls ?? []).forEach((t, i) => {
    const id = `fc_${i}`;
    const args = JSON.stringify(t.args);
    send('response.output_item.added', { output_index: index, item: { type: 'function_call', id, call_id: `call_${i}_${t.name}`, name: t.name, arguments: '', status: 'in_progress' } });
    for (const d of deltas(args)) send('response.function_call_arguments.delta', { item_id: id, output_index: index, delta: d });
    send('response.function_call_arguments.done', { item_id: id, output_index: index, arguments: args });
    send('response.output_item.done', { output_index: index, item: { type: 'function_call', id, call_id: `call_${i}_${t.name}`, name: t.name, arguments: args, status: 'completed' } });
    index++;
  });
  send('response.completed', { response: responseObject(model, r, 'completed') });
  s.end();
}
