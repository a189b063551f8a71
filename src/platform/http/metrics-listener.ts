import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../context.js';
import { makeProblem, PROBLEM_CONTENT_TYPE } from './problem.js';

export interface MetricsListener {
  /** The port it listens on (useful when configured as 0: any free port). */
  port: number;
  close(): Promise<void>;
}

/**
 * A small HTTP listener serving the process's Prometheus registry (`GET /metrics`) and a liveness probe
 * (`GET /health`), for processes without the API server: `atom worker`. Plain node:http, not Fastify: it
 * answers two fixed paths and nothing else, and must not share the API's hooks (auth, admission).
 * Closed on shutdown. Off unless ATOM_WORKER_METRICS_PORT is set (and ATOM_METRICS is on).
 */
export async function serveWorkerMetrics(ctx: AppContext): Promise<MetricsListener | undefined> {
  const port = ctx.config.ATOM_WORKER_METRICS_PORT;
  if (port === undefined || !ctx.config.ATOM_METRICS) return undefined;
  const { registry } = ctx.metrics;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
        (err: unknown) => {
          ctx.logger.error({ err }, 'worker metrics could not be collected');
          res.writeHead(500, { 'content-type': PROBLEM_CONTENT_TYPE }).end(JSON.stringify(makeProblem({ status: 500, code: 'http.internal', detail: 'Something went wrong on our side.' })));
        },
      );
      return;
    }
    if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ctx.lifecycle.shuttingDown ? 'stopping' : 'ok' }));
      return;
    }
    res.writeHead(404, { 'content-type': PROBLEM_CONTENT_TYPE }).end(JSON.stringify(makeProblem({ status: 404, code: 'http.not_found', detail: `There is no ${req.method} ${path} here; this listener serves GET /metrics and GET /health.` })));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ctx.config.ATOM_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const listener: MetricsListener = {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  ctx.lifecycle.onShutdown('worker metrics listener', listener.close);
  ctx.logger.info({ host: ctx.config.ATOM_HOST, port: listener.port }, 'worker metrics listening');
  return listener;
}
