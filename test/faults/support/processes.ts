// Child processes for fault tests: the compiled `atom` CLI (dist/, as deployed) or a tsx script, with
// their JSON log lines parsed so a test can wait for one.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(new URL('../../../', import.meta.url).pathname);
export const compiledCli = path.join(root, 'dist/cli/main.js');

export interface Child {
  name: string;
  child: ChildProcess;
  logs: Record<string, unknown>[];
  output(): string;
  exited: Promise<number | null>;
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

function watch(name: string, child: ChildProcess): Child {
  const logs: Record<string, unknown>[] = [];
  let text = '';
  let buffer = '';
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const raw of lines) {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        line = { msg: raw };
      }
      logs.push(line);
      for (const w of [...waiters]) {
        if (!w.match(line)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    child,
    logs,
    output: () => text,
    exited,
    waitForLog(match, timeoutMs) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no matching log line within ${timeoutMs} ms:\n${text.slice(-3000)}`)), timeoutMs);
        waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then((code) => (clearTimeout(timer), reject(new Error(`${name} exited with ${code}:\n${text.slice(-3000)}`))));
      });
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

const baseEnv = () => ({ PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ATOM_LOG_PRETTY: 'false', NODE_ENV: 'test' });

/** The compiled CLI (`node dist/cli/main.js ...`), as `atom` runs in production. */
export function spawnCompiledAtom(name: string, args: string[], env: Record<string, string>): Child {
  if (!existsSync(compiledCli)) throw new Error(`${compiledCli} is missing: run \`npm run build:server\` first (npm test builds it).`);
  return watch(name, spawn(process.execPath, [compiledCli, ...args], { cwd: root, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** A TypeScript script run with tsx (a stand-in process for code that has no CLI entry of its own). */
export function spawnTsx(name: string, script: string, env: Record<string, string>): Child {
  return watch(name, spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}
