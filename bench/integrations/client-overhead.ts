/**
 * What the resilient client costs per call over plain fetch, against a local server (no network noise):
 * N sequential GETs each way, then the same with 8 in flight through the service limiter.
 * Run: npx tsx bench/integrations/client-overhead.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpRuntime, createServiceClient } from '../../src/integrations/http/index.js';

const N = 2000;
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true,"items":[1,2,3]}');
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const rt = createHttpRuntime();
const client = createServiceClient({ service: { id: 'bench', name: 'Bench' }, baseUrl: base, limiter: rt.limiterFor('bench', { concurrency: 8, ratePerSecond: 1e6, burst: 1e6 }), breaker: rt.breakerFor('c1'), cache: rt.cache, cacheScope: 'c1' });

const time = async (label: string, fn: () => Promise<unknown>, parallel = 1) => {
  for (let i = 0; i < 100; i++) await fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < N / parallel; i++) await Promise.all(Array.from({ length: parallel }, fn));
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(44)} ${(ms / N).toFixed(3)} ms/call  ${Math.round((N / ms) * 1000)} calls/s`);
  return ms / N;
};

const raw = await time('baseline: fetch + JSON.parse (sequential)', async () => (await fetch(`${base}/x`)).json());
const wrapped = await time('resilient client (sequential)', () => client.request({ path: '/x' }));
const rawP = await time('baseline: fetch, 8 in flight', async () => (await fetch(`${base}/x`)).json(), 8);
const wrappedP = await time('resilient client, 8 in flight', () => client.request({ path: '/x' }), 8);
const cached = await time('resilient client, fresh cache hit', () => client.request({ path: '/cached', cacheTtlMs: 60_000 }));
console.log(`overhead: ${(wrapped - raw).toFixed(3)} ms/call sequential, ${(wrappedP - rawP).toFixed(3)} ms/call with 8 in flight; cache hit ${cached.toFixed(4)} ms`);
server.close();
