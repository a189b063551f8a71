// Shared steps of `npm start` and `npm test`. Plain Node, no dependencies: these run before `npm install`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledSources, buildIfChanged, installNeeded, listInputs } from './up-to-date.mjs';

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

/** npm install when node_modules does not hold what package.json and package-lock.json ask for. */
export function ensureInstalled() {
  const reason = installNeeded(root);
  if (!reason) return;
  must(`installing dependencies (npm install: ${reason})`, 'npm', ['install', '--no-audit', '--no-fund']);
}

// Compiled and copied into dist/: tests, the development-only testing modules and the integrations' fakes
// are not (tsconfig.build.json's exclude list), so editing one of them does not rebuild the server.
const isTestFile = (f) => /\.(test|spec)\.tsx?$/.test(f) || /(^|\/)(fake|testing)(\.ts$|\/)/.test(f) || /\.testing\.ts$/.test(f);
const serverInputs = () =>
  listInputs(root, ['src', 'tsconfig.base.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', 'scripts/copy-assets.mjs'], { skipFile: isTestFile });

/** tsc into dist/, unless dist/.build-stamp says the server's inputs have not changed since. */
export function buildServer() {
  return buildIfChanged({
    root,
    what: 'server (dist/)',
    output: 'dist/cli/main.js',
    stampFile: path.join(root, 'dist', '.build-stamp'),
    inputs: serverInputs,
    build: () => {
      // `npm run build:server` with tsc's incremental mode: after a small edit only the affected files are
      // checked again. Its record lives in dist/, so removing dist/ starts from scratch.
      must('building the server (tsc)', 'npx', ['tsc', '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo']);
      must('copying the server data files', 'node', ['scripts/copy-assets.mjs']);
    },
  });
}

/**
 * vite into web/dist/, unless web/dist/.build-stamp says its inputs have not changed since. The web app
 * also bundles a few server modules (the collaborative workflow model): the source maps of the last build
 * say which, so a server-only change does not rebuild it.
 */
export function buildWeb() {
  const webDist = path.join(root, 'web', 'dist');
  return buildIfChanged({
    root,
    what: 'web app (web/dist/)',
    output: 'web/dist/index.html',
    stampFile: path.join(webDist, '.build-stamp'),
    inputs: (bundled) => [
      ...listInputs(root, ['web', 'package.json', 'package-lock.json'], { skipDirs: ['dist', 'node_modules'] }),
      ...(bundled ?? serverInputs()),
    ],
    bundled: () => bundledSources(root, webDist, ['web', 'node_modules']),
    build: () => must('building the web app (vite)', 'npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']),
  });
}
