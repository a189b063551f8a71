import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LabHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

/**
 * A scriptable HTTP server on 127.0.0.1:0 for testing the resilient client: each test sets the handler,
 * and the lab records every request (method, url, headers) and the peak number of requests in flight.
 */
export interface HttpLab {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string; at: number }[];
  peakInFlight: number;
  handle(handler: LabHandler): void;
  /** Stops accepting connections and drops the open ones (a network failure). */
  close(): Promise<void>;
}

export async function startHttpLab(): Promise<HttpLab> {
  let handler: LabHandler = (_req, res) => void res.writeHead(204).end();
  let inFlight = 0;
  const lab: HttpLab = {
    url: '',
    requests: [],
    peakInFlight: 0,
    handle: (h) => void (handler = h),
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
      lab.requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, at: Date.now() });
      inFlight++;
      lab.peakInFlight = Math.max(lab.peakInFlight, inFlight);
      res.on('close', () => inFlight--);
      void Promise.resolve(handler(req, res, body)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  lab.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return lab;
}

export const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
