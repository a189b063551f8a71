// Why a thousand connections opened at once wait seconds for their first answer from a busy Node server
// (issue 21, target 3). While the connections already accepted keep the loop busy (here: a closed loop of
// requests costing 1 ms each), Node takes the rest of the burst from the kernel's accept queue only
// slowly: the clients' connect() has succeeded, their requests are sent, and nobody reads them (libuv
// accepts one connection per readiness of the listening socket since libuv PR #3696, the likely
// mechanism). No Atom code is involved: a plain `http` server, and undici clients in a child process.
// Figures in docs/benchmarks.md (issue 21, third session), on Node 20 and Node 24.
//
//   npx tsx bench/load/accept-burst.ts [connections=1000] [seconds=8]
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'undici';

const [connections = 1000, seconds = 8] = process.argv.slice(2).map(Number);

if (process.env['ACCEPT_BURST_CLIENT']) {
  const base = process.env['ACCEPT_BURST_CLIENT'];
  const end = Date.now() + seconds * 1000;
  const first: number[] = [];
  const later: number[] = [];
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new Client(base);
      for (let i = 0; Date.now() < end; i++) {
        const t0 = performance.now();
        const res = await client.request({ path: '/', method: 'GET' });
        await res.body.dump();
        (i === 0 ? first : later).push(performance.now() - t0);
      }
      await client.close();
    }),
  );
  const q = (xs: number[], p: number) => Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0);
  process.send?.(`first request on each connection p50 ${q(first, 50)} ms, p90 ${q(first, 90)} ms, max ${q(first, 100)} ms; later requests p50 ${q(later, 50)} ms, p99 ${q(later, 99)} ms`);
  process.exit(0);
}

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
const accepts: number[] = [];
const server = http.createServer((_req, res) => {
  busy(1);
  res.end('ok');
});
server.on('connection', () => accepts.push(performance.now()));
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  const { port } = server.address() as AddressInfo;
  const started = performance.now();
  const child = fork(new URL(import.meta.url).pathname, process.argv.slice(2), { env: { ...process.env, ACCEPT_BURST_CLIENT: `http://127.0.0.1:${port}` }, execArgv: process.execArgv });
  child.on('message', (m) => console.log(`${connections} connections opened at once, closed loop for ${seconds} s: ${String(m)}`));
  child.on('exit', () => {
    const at = accepts.map((t) => t - started).sort((a, b) => a - b);
    const q = (p: number) => Math.round(at[Math.min(at.length - 1, Math.floor((p / 100) * at.length))] ?? 0);
    console.log(`server accepted ${at.length} connections: half by ${q(50)} ms, 90 % by ${q(90)} ms, the last at ${q(100)} ms (libuv ${process.versions.uv})`);
    server.close();
  });
});
