import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * A local stand-in for any service a workflow calls: it records every request with its
 * `Idempotency-Key` header (as Stripe and similar APIs define it: the same key means the same operation),
 * and can fail on purpose.
 *
 * - `POST /effects?ms=N`       records a side effect (after N ms); a repeated key is answered with the first result
 *                              and counted as a duplicate attempt, never as a second effect
 * - `ANY /flaky/:name?fail=N&retryAfter=S`  answers 503 (with Retry-After when given) N times per name, then 200
 * - `ANY /status/:code`        answers that status
 * - `ANY /slow?ms=N`           answers after N ms
 * - `GET /big?bytes=N`         answers a JSON string of N bytes
 * - `ANY /echo`                answers with the request's headers and body (a service that quotes what it got)
 */
export interface SideEffectService {
  url: string;
  /** Effects by idempotency key (one entry per distinct key). */
  effects: Map<string, { body: unknown; count: number }>;
  requests: { method: string; path: string; key: string | undefined; at: number; headers: Record<string, string | string[] | undefined> }[];
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

export async function startSideEffectService(): Promise<SideEffectService> {
  const effects = new Map<string, { body: unknown; count: number }>();
  const requests: SideEffectService['requests'] = [];
  const failures = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const key = req.headers['idempotency-key'] as string | undefined;
      const text = await readBody(req);
      requests.push({ method: req.method ?? 'GET', path: url.pathname, key, at: Date.now(), headers: { ...req.headers } });
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/effects' && req.method === 'POST') {
        const ms = Number(url.searchParams.get('ms') ?? '0');
        if (ms > 0) await new Promise((r) => setTimeout(r, ms));
        const k = key ?? `anon-${requests.length}`;
        const prev = effects.get(k);
        if (prev) {
          prev.count++;
          return json(200, { ok: true, duplicate: true, effects: effects.size });
        }
        effects.set(k, { body: text ? (JSON.parse(text) as unknown) : null, count: 1 });
        return json(201, { ok: true, duplicate: false, effects: effects.size });
      }
      if (url.pathname.startsWith('/flaky/')) {
        const name = url.pathname.slice(7);
        const n = failures.get(name) ?? 0;
        if (n < Number(url.searchParams.get('fail') ?? '1')) {
          failures.set(name, n + 1);
          const ra = url.searchParams.get('retryAfter');
          return json(503, { error: 'try later' }, ra ? { 'retry-after': ra } : {});
        }
        return json(200, { ok: true, after: n });
      }
      if (url.pathname.startsWith('/status/')) return json(Number(url.pathname.slice(8)), { status: Number(url.pathname.slice(8)) });
      if (url.pathname === '/slow') {
        setTimeout(() => json(200, { ok: true }), Number(url.searchParams.get('ms') ?? '1000'));
        return;
      }
      if (url.pathname === '/echo') return json(200, { headers: req.headers, query: Object.fromEntries(url.searchParams), body: text });
      if (url.pathname === '/big') return json(200, 'x'.repeat(Number(url.searchParams.get('bytes') ?? '1000')));
      json(404, { error: 'not found' });
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    effects,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
