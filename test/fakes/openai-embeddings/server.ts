import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for OpenAI's `POST /v1/embeddings` (published contract: `{model, input: string|string[],
 * dimensions?, encoding_format?}` → `{object:'list', data:[{object:'embedding', index, embedding}], model,
 * usage}`; 401 with an `error` object for a bad key; 429 with Retry-After when throttled).
 * Vectors are deterministic functions of the text so tests can compare them.
 */
export interface FakeOpenAiEmbeddings {
  url: string;
  requests: { model: string; inputs: string[]; dimensions: number | undefined }[];
  /** The next N requests answer 429 with this Retry-After (seconds). */
  throttleNext(n: number, retryAfterSeconds: number): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let s = '';
    req.on('data', (c: Buffer) => (s += c.toString('utf8')));
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });

export function vectorFor(text: string, dims: number): number[] {
  const v: number[] = [];
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  for (let i = 0; i < dims; i++) {
    h = Math.imul(h ^ i, 16777619) >>> 0;
    v.push((h / 4294967295) * 2 - 1);
  }
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
}

export async function startFakeOpenAiEmbeddings(options: { apiKey?: string; defaultDimensions?: number } = {}): Promise<FakeOpenAiEmbeddings> {
  const requests: FakeOpenAiEmbeddings['requests'] = [];
  let throttle = 0;
  let retryAfter = 0;
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') return send(404, { error: { message: 'Not found', type: 'invalid_request_error' } });
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    if (throttle > 0) {
      throttle--;
      return send(429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': String(retryAfter) });
    }
    let body: { model?: string; input?: string | string[]; dimensions?: number };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
    } catch {
      return send(400, { error: { message: 'Invalid JSON', type: 'invalid_request_error' } });
    }
    const inputs = typeof body.input === 'string' ? [body.input] : (body.input ?? []);
    if (!body.model || inputs.length === 0 || inputs.length > 2048) return send(400, { error: { message: "'input' or 'model' is invalid", type: 'invalid_request_error' } });
    const dims = body.dimensions ?? options.defaultDimensions ?? 1536;
    requests.push({ model: body.model, inputs, dimensions: body.dimensions });
    send(200, {
      object: 'list',
      data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: vectorFor(t, dims) })),
      model: body.model,
      usage: { prompt_tokens: inputs.join(' ').split(/\s+/).length, total_tokens: inputs.join(' ').split(/\s+/).length },
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    throttleNext(n, seconds) {
      throttle = n;
      retryAfter = seconds;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
