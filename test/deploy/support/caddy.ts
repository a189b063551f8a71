import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './atom-processes.js';

export const composeCaddyfile = path.resolve(new URL('../../../deploy/compose/Caddyfile', import.meta.url).pathname);

export interface ComposeCaddy {
  base: string;
  child: ChildProcess;
  /** The last 10 KB Caddy wrote to stderr (its own log). */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * The real Caddy (`caddy` on PATH) with the compose deployment's Caddyfile, in front of one replica on
 * 127.0.0.1:`upstreamPort`. Outside compose the file needs only environment overrides: an http:// site
 * address (no certificate, no ACME), the upstream, and an admin address of its own.
 */
export async function startComposeCaddy(upstreamPort: number, env: Record<string, string> = {}, home: string): Promise<ComposeCaddy> {
  const [port, adminPort] = [await freePort(), await freePort()];
  const child = spawn('caddy', ['run', '--config', composeCaddyfile, '--adapter', 'caddyfile'], {
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: home,
      XDG_DATA_HOME: home,
      XDG_CONFIG_HOME: home,
      ATOM_DOMAIN: `http://127.0.0.1:${port}`,
      ACME_EMAIL: 'ops@example.test',
      CADDY_ADMIN: `127.0.0.1:${adminPort}`,
      PROXY_UPSTREAM_HOST: 'localhost',
      PROXY_UPSTREAM_PORT: String(upstreamPort),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-10_000)));
  const spawned = new Promise<Error | undefined>((resolve) => {
    child.once('error', resolve);
    child.once('spawn', () => resolve(undefined));
  });
  const failed = await spawned;
  if (failed) throw new Error(`caddy did not start (${failed.message}); install it: apt-get install caddy`);
  const base = `http://127.0.0.1:${port}`;
  const stop = () => new Promise<void>((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM'))));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 100) {
      await stop();
      throw new Error(`caddy did not start:\n${stderr}`);
    }
    // Any answer from the replica behind it means Caddy is up and proxying.
    if (await fetch(`${base}/health`).then(() => true, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, child, output: () => stderr, stop };
}
