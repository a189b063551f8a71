// Throw-away PostgreSQL clusters and Redis servers for fault tests: the shared ones on 5432/6379 serve
// everybody's tests and must never be restarted, so a test that restarts a service starts its own.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A port nobody listens on right now (bound and released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface PrivatePostgres {
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every connection is cut, the server is back when this resolves. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

const asPostgres = (args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).toString();

/**
 * A private PostgreSQL cluster (initdb as the `postgres` user into a temporary directory, a random port,
 * trust authentication on 127.0.0.1, fsync off: durability across a power cut is not what is tested).
 * Returns `{ skip: reason }` when this machine cannot run one (no initdb, not root).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres | { skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'a private PostgreSQL cluster needs root (initdb runs as the postgres user via runuser)' };
  try {
    execFileSync('which', ['initdb', 'pg_ctl', 'runuser'], { stdio: 'ignore' });
  } catch {
    return { skip: 'initdb/pg_ctl/runuser are not installed' };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'atom-fault-pg-'));
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const data = path.join(dir, 'data');
  asPostgres(['initdb', '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const start = async () => void asPostgres(['pg_ctl', '-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  const stop = async () => void asPostgres(['pg_ctl', '-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async remove() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivateRedis {
  url: string;
  /** SIGKILL-free restart: SHUTDOWN (AOF flushed, as `docker restart` does), then a new server on the same dir and port. */
  restart(downMs?: number): Promise<void>;
  remove(): Promise<void>;
}

/** A private redis-server on a random port with AOF on (as deploy/docker-compose.yml runs it). */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'atom-fault-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 200 && !out.includes('Ready to accept connections'); i++) await new Promise((r) => setTimeout(r, 25));
    if (!out.includes('Ready to accept connections')) throw new Error(`redis-server did not start:\n${out}`);
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM'); // redis-server shuts down cleanly on SIGTERM (flushes the AOF)
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart(downMs = 1000) {
      await stop();
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async remove() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
