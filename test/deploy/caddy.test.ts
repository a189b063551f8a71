// The compose deployment's Caddyfile, run by the real Caddy (Debian's `caddy`, installed by
// scripts/ensure-services.sh) in front of a stand-in replica: the file parses, proxies, hides /metrics, keeps
// its connections to the replica alive, and honours the optional per-replica connection cap.
// docker compose itself cannot run here (no Docker engine); this is the part of it that can.
import { execFile } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeCaddyfile as caddyfile, startComposeCaddy } from './support/caddy.js';

const exec = promisify(execFile);
const home = mkdtempSync(path.join(tmpdir(), 'atom-caddy-'));

/** A stand-in API replica: answers after 30 ms, and counts the connections the proxy holds open. */
function startReplica() {
  const stats = { open: 0, maxOpen: 0, accepted: 0 };
  const server = http.createServer((req, res) => {
    setTimeout(() => {
      res.setHeader('server', 'replica');
      res.end(JSON.stringify({ path: req.url, forwardedFor: req.headers['x-forwarded-for'] ?? null }));
    }, 30);
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    stats.accepted++;
    stats.maxOpen = Math.max(stats.maxOpen, ++stats.open);
    socket.on('close', () => stats.open--);
  });
  return { server, stats };
}

/** `concurrent` requests at once, each on its own connection (as that many users would). */
async function burst(base: string, concurrent: number) {
  return Promise.all(
    Array.from({ length: concurrent }, async (_, i) => {
      const client = new Client(base);
      try {
        const res = await client.request({ method: 'GET', path: `/api/item/${i}` });
        return { status: res.statusCode, body: (await res.body.json()) as { path: string } };
      } finally {
        await client.close();
      }
    }),
  );
}

describe('deploy/compose/Caddyfile under the real Caddy', () => {
  const replica = startReplica();
  let upstreamPort = 0;
  beforeAll(async () => {
    await new Promise<void>((r) => replica.server.listen(0, '127.0.0.1', r));
    upstreamPort = (replica.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    replica.server.closeAllConnections();
    await new Promise<void>((r) => replica.server.close(() => r()));
    rmSync(home, { recursive: true, force: true });
  });

  it('adapts, with compose defaults: replicas found as `api`:5058, idle connections kept, no connection cap', async () => {
    const { stdout } = await exec('caddy', ['adapt', '--config', caddyfile, '--adapter', 'caddyfile'], {
      env: { PATH: process.env['PATH'] ?? '', HOME: home, ATOM_DOMAIN: 'atom.example.com', ACME_EMAIL: 'ops@example.test' },
    });
    const proxy = JSON.stringify(JSON.parse(stdout));
    expect(proxy).toContain('"dynamic_upstreams":{"name":"api","port":"5058","refresh":5000000000,"source":"a"}');
    expect(proxy).toContain('"max_idle_conns_per_host":1024');
    expect(proxy).not.toContain('max_conns_per_host');
    expect(proxy).toContain('"admin":{"listen":"localhost:2019"}');
  });

  it('proxies to the replica, hides /metrics and the Server header, and reuses its connections', async () => {
    const caddy = await startComposeCaddy(upstreamPort, {}, home);
    try {
      const acceptedBefore = replica.stats.accepted;
      const results = await burst(caddy.base, 40);
      expect(results.map((r) => r.status)).toEqual(Array(40).fill(200));
      expect(new Set(results.map((r) => r.body.path)).size).toBe(40);
      const metrics = await fetch(`${caddy.base}/metrics`);
      expect(metrics.status).toBe(404);
      const one = await fetch(`${caddy.base}/api/one`);
      expect(one.headers.get('server')).toBeNull();
      expect(one.headers.get('strict-transport-security')).toContain('max-age=31536000');
      expect(((await one.json()) as { forwardedFor: string }).forwardedFor).toBe('127.0.0.1');
      // A second burst of the same size opens no new connection to the replica: all were kept alive (Caddy's
      // default keeps 32, and would open 8 again).
      const acceptedAfterFirst = replica.stats.accepted;
      expect(acceptedAfterFirst - acceptedBefore).toBeGreaterThan(1);
      expect((await burst(caddy.base, 40)).every((r) => r.status === 200)).toBe(true);
      expect(replica.stats.accepted).toBe(acceptedAfterFirst);
    } finally {
      await caddy.stop();
    }
  });

  it('holds at most PROXY_CONNS_PER_REPLICA connections to a replica; requests over the cap wait, none fails', async () => {
    const caddy = await startComposeCaddy(upstreamPort, { PROXY_CONNS_PER_REPLICA: '4' }, home);
    try {
      replica.stats.maxOpen = replica.stats.open;
      const results = await burst(caddy.base, 40);
      expect(results.map((r) => r.status)).toEqual(Array(40).fill(200));
      expect(replica.stats.maxOpen).toBeLessThanOrEqual(4);
      expect(replica.stats.maxOpen).toBeGreaterThan(0);
    } finally {
      await caddy.stop();
    }
  });
});
