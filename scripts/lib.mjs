// Shared steps of `npm start` and `npm test`. Plain Node, no dependencies: these run before `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env, ...options });
  return r.status === 0;
}

export function must(step, cmd, args, options) {
  console.log(`\n▶ ${step}`);
  if (!run(cmd, args, options)) {
    console.error(`✘ ${step} failed`);
    process.exit(1);
  }
}

/** npm install when node_modules is missing or older than package.json / package-lock.json. */
export function ensureInstalled() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const newest = Math.max(
    ...['package.json', 'package-lock.json'].map((f) => (existsSync(path.join(root, f)) ? statSync(path.join(root, f)).mtimeMs : 0)),
  );
  if (existsSync(marker) && statSync(marker).mtimeMs >= newest) return;
  must('installing dependencies (npm install)', 'npm', ['install', '--no-audit', '--no-fund']);
}

export function buildServer() {
  must('building the server (tsc)', 'npm', ['run', '--silent', 'build:server']);
}

export function buildWeb() {
  must('building the web app (vite)', 'npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
}
