import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One scripted model turn, shared by the OpenAI, Anthropic and Gemini fakes: text, tool calls, or an HTTP
 * failure. Tests queue replies; each model request takes the next one (the last one repeats).
 */
export interface ScriptedReply {
  text?: string;
  toolCalls?: { name: string; args: Record<string, unknown> }[];
  /** Answer with this HTTP status and the service's error body instead (429, 500, 529...). */
  status?: number;
  retryAfter?: string;
  usage?: { input: number; output: number };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
}

export interface FakeModelServer {
  url: string;
  requests: RecordedRequest[];
  /** Queue replies for the next model calls. */
  script(...replies: (ScriptedReply | ((req: RecordedRequest) => ScriptedReply))[]): void;
  /** The keys the fake accepts (anything else is a 401). */
  keys: Set<string>;
  close(): Promise<void>;
}

export type Route = (req: RecordedRequest, res: ServerResponse, next: () => ScriptedReply) => boolean | Promise<boolean>;

/** A node:http server on 127.0.0.1:0 that records requests and serves scripted replies through `route`. */
export async function startScriptedServer(route: Route, keys: string[]): Promise<FakeModelServer> {
  const queue: (ScriptedReply | ((req: RecordedRequest) => ScriptedReply))[] = [];
  let last: ScriptedReply | ((req: RecordedRequest) => ScriptedReply) = { text: 'ok' };
  const fake: FakeModelServer = {
    url: '',
    requests: [],
    keys: new Set(keys),
    script: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body && String(req.headers['content-type']).includes('json') ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const rec: RecordedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, json };
      fake.requests.push(rec);
      const next = (): ScriptedReply => {
        const r = queue.shift() ?? last;
        last = r;
        return typeof r === 'function' ? r(rec) : r;
      };
      void Promise.resolve(route(rec, res, next))
        .then((handled) => {
          if (!handled) sendJson(res, 404, { error: { message: `no route ${rec.method} ${rec.url}` } });
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

export const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** Server-sent events: `event:` line only when the service names its events (OpenAI responses, Anthropic). */
export function sse(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  return {
    send(data: unknown, event?: string) {
      res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    },
    end: () => res.end(),
  };
}

/** Splits text into a few deltas so clients really stream. */
export const deltas = (text: string): string[] => text.match(/.{1,12}/gs) ?? [];

export const usageOf = (r: ScriptedReply) => r.usage ?? { input: 11, output: Math.max(1, Math.ceil((r.text ?? '').length / 4)) };
