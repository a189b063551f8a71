// A small reverse proxy on 127.0.0.1 for the multi-process test, doing what Caddy does in
// docker-compose.yml: round-robin over upstreams, and a request that cannot reach one upstream is
// retried on the next (connection refused: always; connection reset: for idempotent methods only,
// since a reset request may have been processed), and an upstream that failed is skipped for
// `failDurationMs` (Caddy's fail_duration).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyStats {
  /** Requests answered by each upstream (by its URL). */
  served: Record<string, number>;
  /** Attempts that failed on one upstream and were retried on another. */
  retried: number;
  /** Requests the proxy could not serve at all (answered 502). */
  failed: number;
}

export interface RoundRobinProxy {
  url: string;
  stats: ProxyStats;
  close(): Promise<void>;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export async function startRoundRobinProxy(upstreams: string[], options: { tryDurationMs?: number; failDurationMs?: number } = {}): Promise<RoundRobinProxy> {
  const tryDurationMs = options.tryDurationMs ?? 5000;
  const failDurationMs = options.failDurationMs ?? 30_000;
  const downUntil = new Map<string, number>();
  /** The next upstream in turn that is not marked down (any, when all are). */
  const pick = (): string => {
    for (let i = 0; i < upstreams.length; i++) {
      const candidate = upstreams[next++ % upstreams.length] as string;
      if ((downUntil.get(candidate) ?? 0) <= Date.now()) return candidate;
    }
    return upstreams[next++ % upstreams.length] as string;
  };
  const stats: ProxyStats = { served: Object.fromEntries(upstreams.map((u) => [u, 0])), retried: 0, failed: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;

  const attempt = (upstream: string, req: http.IncomingMessage, body: Buffer) =>
    new Promise<{ res: http.IncomingMessage; body: Buffer }>((resolve, reject) => {
      const target = new URL(req.url ?? '/', upstream);
      const out = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' }, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const deadline = Date.now() + tryDurationMs;
    for (;;) {
      const upstream = pick();
      try {
        const answer = await attempt(upstream, req, body);
        stats.served[upstream] = (stats.served[upstream] ?? 0) + 1;
        res.writeHead(answer.res.statusCode ?? 502, answer.res.headers);
        res.end(answer.body);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        const retryable = code === 'ECONNREFUSED' || (RETRYABLE.has(code) && IDEMPOTENT.has(req.method ?? ''));
        if (!retryable || Date.now() > deadline) {
          stats.failed++;
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`proxy: upstream failed (${code || (err as Error).message})`);
          return;
        }
        downUntil.set(upstream, Date.now() + failDurationMs);
        stats.retried++;
      }
    }
  });
  // Idle client connections stay open as long as Caddy keeps them (minutes), not Node's 5 s default.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
