// Smoke test on the current Node LTS (24), which the container image uses, while this machine runs Node 20:
// installs npm's `node` package (24.9.0) into .tmp/node24 once, starts the built server (dist/) with it
// on PostgreSQL, and walks sign-up → a workflow run → a memory search over HTTP. Exit 0 on success.
// PostgreSQL, not SQLite: node_modules is built for this machine's Node, and better-sqlite3 is the one
// native module whose binary is tied to the Node version (the others use N-API); the image builds its own.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { root } from './lib.mjs';

const NODE_VERSION = '24.9.0';
const started = Date.now();
const dbUrl = process.env.ATOM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const fail = (message) => {
  console.error(`✘ node ${NODE_VERSION} smoke: ${message}`);
  process.exitCode = 1;
};

const prefix = path.join(root, '.tmp', 'node24');
const nodeBin = path.join(prefix, 'node_modules', '.bin', 'node');
if (!existsSync(nodeBin)) {
  mkdirSync(prefix, { recursive: true });
  const r = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, `node@${NODE_VERSION}`], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`could not install node@${NODE_VERSION} from the npm registry`);
}
const version = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
if (version !== `v${NODE_VERSION}`) throw new Error(`expected node v${NODE_VERSION}, got ${version}`);
if (!existsSync(path.join(root, 'dist'))) throw new Error('dist/ is not built (npm run build:server)');

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const schema = `smoke_node24_${process.pid}`;
const admin = new pg.Client({ connectionString: dbUrl });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-node24-'));
const base = `http://127.0.0.1:${port}`;
const server = spawn(nodeBin, ['bin/atom.js', 'serve'], {
  cwd: root,
  env: { ...process.env, NODE_ENV: 'production', ATOM_DATABASE_URL: dbUrl, ATOM_DATABASE_SCHEMA: schema, ATOM_DATA_DIR: dataDir, ATOM_PORT: String(port), ATOM_HOST: '127.0.0.1', ATOM_LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit'],
});

try {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${base}/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) before it was ready`);
    if (Date.now() > deadline) throw new Error('the server was not ready within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  let cookie = '';
  let csrf = '';
  const call = async (method, url, body) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}), ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
    return { res, json: text ? JSON.parse(text) : undefined };
  };

  const signup = await call('POST', '/api/auth/signup', { email: 'smoke@example.test', password: 'correct horse battery staple 24', name: 'Smoke' });
  cookie = (signup.res.headers.get('set-cookie') ?? '').split(';')[0];
  csrf = signup.json.csrfToken;
  if (!cookie || !csrf) throw new Error('sign-up gave no session');

  const wf = await call('POST', '/api/workflows', { name: 'Smoke', definition: { trigger: { type: 'manual' }, steps: [{ id: 'sum', type: 'transform', expression: '20 + 4' }] } });
  const run = await call('POST', `/api/workflows/${wf.json.id}/run`, {});
  let status = '';
  for (let i = 0; i < 100 && !['succeeded', 'failed', 'cancelled'].includes(status); i++) {
    await new Promise((r) => setTimeout(r, 200));
    const got = await call('GET', `/api/runs/${run.json.id}`);
    status = got.json.status ?? got.json.run?.status;
  }
  if (status !== 'succeeded') throw new Error(`the run ended ${status || 'nowhere'}, not succeeded`);

  const search = await call('GET', '/api/memory/search?q=quarterly%20plan');
  if (!Array.isArray(search.json.results ?? search.json.hits ?? search.json)) throw new Error(`search answered no list: ${JSON.stringify(search.json).slice(0, 200)}`);
  console.log(`✔ node ${version} smoke: started the built server, signed up, ran a workflow (succeeded), searched memory in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
  await admin.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
