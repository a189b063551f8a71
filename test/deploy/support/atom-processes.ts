// Real `atom serve` / `atom worker` processes for multi-process tests: from the sources with tsx, or the
// compiled dist/ as shipped (bin/atom.js).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';

const root = path.resolve(new URL('../../../', import.meta.url).pathname);

/**
 * The environment every compiled `atom serve` / `atom worker` of a queue-mode test shares: PostgreSQL in
 * its own schema and a Redis job prefix (both named by `tag`), one vault key, migrations run by the test.
 */
export function queueModeEnv(o: { tag: string; dataDir: string; postgresUrl: string; redisUrl: string; vaultKey: string }): Record<string, string> {
  return {
    NODE_ENV: 'test',
    ATOM_DATA_DIR: o.dataDir,
    ATOM_DATABASE_URL: o.postgresUrl,
    ATOM_DATABASE_SCHEMA: o.tag,
    ATOM_DATABASE_POOL_MAX: '4',
    ATOM_REDIS_URL: o.redisUrl,
    ATOM_JOBS_PREFIX: o.tag,
    ATOM_VAULT_KEYS: o.vaultKey,
    ATOM_MIGRATE_ON_START: 'false',
    ATOM_HOST: '127.0.0.1',
    ATOM_LOG_LEVEL: 'info',
    ATOM_SHUTDOWN_GRACE_MS: '3000',
  };
}

export interface AtomProcess {
  name: string;
  child: ChildProcess;
  /** JSON log lines written so far. */
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
  /** Resolves with the first log line matching, or rejects after `timeoutMs`. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `atom <args>` with only `env` (plus PATH and HOME). `from: 'dist'` runs the build (`bin/atom.js`),
 * which starts faster and is what ships; the default runs the sources through tsx (no build needed).
 */
export function spawnAtom(name: string, args: string[], env: Record<string, string>, options: { from?: 'source' | 'dist' } = {}): AtomProcess {
  const entry = options.from === 'dist' ? ['bin/atom.js'] : ['--import', 'tsx', 'src/cli/main.ts'];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ATOM_LOG_PRETTY: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const text of lines) {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        line = { msg: text };
      }
      logs.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (c: Buffer) => stderr.push(c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    name,
    child,
    logs,
    exited,
    waitForLog(match, timeoutMs) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no matching log line within ${timeoutMs} ms; stderr: ${stderr.join('').slice(-2000)}`)), timeoutMs);
        waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then((code) => reject(new Error(`${name} exited with ${code} before logging the expected line; stderr: ${stderr.join('').slice(-2000)}`)));
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A port nobody listens on right now (bound and released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `url` until it answers 200. */
export async function waitUntilOk(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
