import type { ServerResponse } from 'node:http';
import { deltas, sendJson, sse, startScriptedServer, usageOf, type FakeModelServer, type ScriptedReply } from '../openai/script.js';

/**
 * A fake of the Anthropic Messages API: `GET /v1/models` (paged list with `has_more`), `POST /v1/messages`
 * as JSON or as named SSE events (`message_start`, `content_block_start`, `content_block_delta` with
 * `text_delta` / `input_json_delta`, `content_block_stop`, `message_delta`, `message_stop`), `x-api-key`
 * and `anthropic-version` headers, errors as `{ type: 'error', error: { type, message } }` (429, 529).
 */
export async function startFakeAnthropic(options: { keys?: string[] } = {}): Promise<FakeModelServer> {
  return startScriptedServer((req, res, next) => {
    const path = req.url.split('?')[0] ?? '';
    if (!path.startsWith('/v1/')) return false;
    const key = String(req.headers['x-api-key'] ?? '');
    if (!req.headers['anthropic-version']) {
      sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version header is required' } });
      return true;
    }
    if (options.keys?.length && !options.keys.includes(key)) {
      sendJson(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
      return true;
    }
    if (req.method === 'GET' && path === '/v1/models') {
      const data = ['claude-sonnet-4-5', 'claude-haiku-4-5'].map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-10-01T00:00:00Z' }));
      sendJson(res, 200, { data, has_more: false, first_id: data[0]?.id, last_id: data.at(-1)?.id });
      return true;
    }
    if (req.method !== 'POST' || path !== '/v1/messages') return false;
    const reply = next();
    if (reply.status) {
      const type = reply.status === 429 ? 'rate_limit_error' : reply.status === 529 ? 'overloaded_error' : 'api_error';
      sendJson(res, reply.status, { type: 'error', error: { type, message: `fake ${reply.status}` } }, reply.retryAfter ? { 'retry-after': reply.retryAfter } : {});
      return true;
    }
    const body = (req.json ?? {}) as { model?: string; stream?: boolean };
    (body.stream ? streamMessage : messageJson)(res, body.model ?? 'claude-sonnet-4-5', reply);
    return true;
  }, options.keys ?? []);
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

const blocks = (r: ScriptedReply): Block[] => [
  ...(r.text !== undefined ? [{ type: 'text' as const, text: r.text }] : []),
  ...(r.toolCalls ?? []).map((t, i) => ({ type: 'tool_use' as const, id: `toolu_${i}_${t.name}`, name: t.name, input: t.args })),
];

function messageJson(res: ServerResponse, model: string, r: ScriptedReply) {
  const u = usageOf(r);
  sendJson(res, 200, {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model,
    content: blocks(r),
    stop_reason: r.toolCalls?.length ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: u.input, output_tokens: u.output },
  });
}

function streamMessage(res: ServerResponse, model: string, r: ScriptedReply) {
  const s = sse(res);
  const u = usageOf(r);
  const send = (type: string, data: Record<string, unknown>) => s.send({ type, ...data }, type);
  send('message_start', {
    message: { id: 'msg_fake', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: u.input, output_tokens: 1 } },
  });
  send('ping', {});
  blocks(r).forEach((b, index) => {
    if (b.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const d of deltas(b.text)) send('content_block_delta', { index, delta: { type: 'text_delta', text: d } });
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      for (const d of deltas(JSON.stringify(b.input))) send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: d } });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', { delta: { stop_reason: r.toolCalls?.length ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: u.output } });
  send('message_stop', {});
  s.end();
}
