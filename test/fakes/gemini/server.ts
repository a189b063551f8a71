import type { ServerResponse } from 'node:http';
import { deltas, sendJson, sse, startScriptedServer, usageOf, type FakeModelServer, type ScriptedReply } from '../openai/script.js';

/**
 * A fake of the Gemini API (generativelanguage.googleapis.com, v1beta): `GET /v1beta/models` (paged with
 * `nextPageToken`), `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent?alt=sse`
 * (each SSE `data:` a GenerateContentResponse), function calls as `functionCall` parts, the key in
 * `x-goog-api-key` or `?key=`, errors as `{ error: { code, message, status } }`.
 */
export async function startFakeGemini(options: { keys?: string[] } = {}): Promise<FakeModelServer> {
  return startScriptedServer((req, res, next) => {
    const url = new URL(req.url, 'http://fake');
    if (!url.pathname.startsWith('/v1beta/')) return false;
    const key = String(req.headers['x-goog-api-key'] ?? url.searchParams.get('key') ?? '');
    if (options.keys?.length && !options.keys.includes(key)) {
      sendJson(res, 400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT' } });
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/v1beta/models') {
      sendJson(res, 200, {
        models: ['gemini-2.5-flash', 'gemini-2.5-pro', 'text-embedding-004'].map((id) => ({
          name: `models/${id}`,
          displayName: id,
          supportedGenerationMethods: id.startsWith('text-') ? ['embedContent'] : ['generateContent', 'countTokens'],
        })),
      });
      return true;
    }
    const m = /^\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
    if (req.method !== 'POST' || !m) return false;
    const reply = next();
    if (reply.status) {
      const status = reply.status === 429 ? 'RESOURCE_EXHAUSTED' : reply.status === 503 ? 'UNAVAILABLE' : 'INTERNAL';
      sendJson(res, reply.status, { error: { code: reply.status, message: `fake ${reply.status}`, status } }, reply.retryAfter ? { 'retry-after': reply.retryAfter } : {});
      return true;
    }
    const model = m[1] ?? 'gemini-2.5-flash';
    if (m[2] === 'generateContent') sendJson(res, 200, chunk(reply, model, reply.text ?? '', true, true));
    else stream(res, model, reply);
    return true;
  }, options.keys ?? []);
}

function chunk(r: ScriptedReply, model: string, text: string, withCalls: boolean, last: boolean) {
  const u = usageOf(r);
  const parts = [
    ...(text ? [{ text }] : []),
    ...(withCalls ? (r.toolCalls ?? []).map((t) => ({ functionCall: { name: t.name, args: t.args } })) : []),
  ];
  return {
    candidates: [{ content: { parts, role: 'model' }, ...(last ? { finishReason: 'STOP' } : {}), index: 0 }],
    usageMetadata: { promptTokenCount: u.input, candidatesTokenCount: last ? u.output : 0, totalTokenCount: u.input + (last ? u.output : 0) },
    modelVersion: model,
    responseId: 'fake-response',
  };
}

function stream(res: ServerResponse, model: string, r: ScriptedReply) {
  const s = sse(res);
  const parts = deltas(r.text ?? '');
  for (const d of parts) s.send(chunk(r, model, d, false, false));
  s.send(chunk(r, model, '', true, true));
  s.end();
}
