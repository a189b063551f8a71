// Acceptance: `atom backup` then `atom restore` into an empty data directory (and, on PostgreSQL, an empty
// database) gives back users, API tokens, workflows, runs, connections (still decryptable with the
// restored vault key) and identical memory search results — on SQLite and on PostgreSQL.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type AtomApp } from '../../src/app.js';
import { backupTo, restoreFrom } from '../../src/platform/backup/index.js';
import { createContext, loadConfig, type AppContext } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { createVault } from '../../src/vault/index.js';
import { workflowRuntime } from '../../src/workflows/index.js';
import { signIn, signUpOwner } from '../support/auth.js';
import { createTestContext, dialects, type TestDialect } from '../support/context.js';
import { testPostgresUrl } from '../support/postgres.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const tempDir = (prefix: string) => {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
};

async function startApp(ctx: AppContext): Promise<AtomApp> {
  const app = await buildApp(ctx);
  workflowRuntime(ctx).startWorkers();
  return app;
}

function multipartFile(name: string, type: string, content: string) {
  const boundary = `----atom${Date.now().toString(36)}`;
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A fresh empty PostgreSQL database on the test server, dropped afterwards. */
async function emptyDatabase(): Promise<string> {
  const name = `atom_restore_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl() });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: testPostgresUrl() });
    await c.connect();
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.end();
  });
  const url = new URL(testPostgresUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

const json = <T>(res: { statusCode: number; body: string }, status: number): T => {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return JSON.parse(res.body) as T;
};

interface RunBody {
  id: string;
  workflowId: string;
  status: string;
  output: unknown;
}

/** Runs the workflow's latest version through the API and waits for the result. */
async function runToEnd(app: AtomApp, headers: Record<string, string>, workflowId: string, amount: number): Promise<RunBody> {
  const res = await app.inject({ method: 'POST', url: `/api/workflows/${workflowId}/run`, headers, payload: { input: { amount }, version: 'latest', waitMs: 30_000 } });
  const run = json<RunBody>(res, 200);
  if (run.status !== 'succeeded') throw new Error(`run ${run.id} ended ${run.status}: ${res.body}`);
  return run;
}

interface SearchBody {
  hits: { documentId: string; title: string }[];
}

describe.each(dialects)('backup and restore on %s', (dialect: TestDialect) => {
  it('reproduces users, tokens, workflows, runs, connections (decryptable) and memory search in an empty data directory', { timeout: 180_000 }, async () => {
    // 1. A source Atom with one of everything.
    const source = await createTestContext(dialect);
    cleanups.push(() => source.cleanup());
    const app = await startApp(source.ctx);
    cleanups.push(() => app.close());
    const owner = await signUpOwner(app, { name: 'Ada Owner' });
    const h = owner.bearer;

    const definition = { trigger: { type: 'manual' }, steps: [{ id: 'double', type: 'transform', expression: '{ "total": trigger.amount * 2 }' }] };
    const wf = json<{ id: string }>(await app.inject({ method: 'POST', url: '/api/workflows', headers: h, payload: { name: 'Doubler', definition } }), 201);
    const run = await runToEnd(app, h, wf.id, 21);
    expect(run.output).toEqual({ total: 42 });

    const apiKey = `sk-restore-${Date.now()}`;
    const conn = json<{ id: string; service: string }>(
      await app.inject({ method: 'POST', url: '/api/connections', headers: h, payload: { service: 'openai', label: 'Team key', credentials: { apiKey }, verify: false } }),
      201,
    );

    const upload = multipartFile('runbook.md', 'text/markdown', '# Failover runbook\n\nWhen the primary database fails, promote the replica named saffron-falcon and page the on-call engineer.\n');
    json(await app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', headers: { ...h, ...upload.headers }, payload: upload.payload }), 201);
    const searchUrl = `/api/memory/search?q=${encodeURIComponent('promote replica saffron-falcon')}`;
    const before = json<SearchBody>(await app.inject({ url: searchUrl, headers: h }), 200);
    expect(before.hits[0]?.title).toContain('runbook');

    const sealedBefore = await source.ctx.db.selectFrom('integration_connections').select(['id', 'credentials_sealed']).where('id', '=', conn.id).executeTakeFirstOrThrow();

    // 2. Backup.
    const backupDir = path.join(tempDir('atom-backup-'), 'b');
    const manifest = await backupTo(source.ctx, backupDir);
    expect(manifest.files).toEqual(expect.arrayContaining([dialect === 'sqlite' ? 'atom.db' : 'atom.pgdump', 'lancedb', 'vault.key']));
    expect(manifest.vaultKeys).toBe('file');
    expect(Object.keys(manifest.lancedb ?? {}).length).toBeGreaterThan(0);
    expect(statSync(path.join(backupDir, 'vault.key')).mode & 0o077).toBe(0);
    await app.close();

    // 3. Restore into an empty data directory (and an empty database with the same schema name).
    const dataDir = tempDir('atom-restored-');
    const env: Record<string, string> = { NODE_ENV: 'test', ATOM_DATA_DIR: dataDir, ATOM_LOG_LEVEL: 'warn', ATOM_PORT: '0' };
    if (dialect === 'postgres') {
      env['ATOM_DATABASE_URL'] = await emptyDatabase();
      env['ATOM_DATABASE_SCHEMA'] = source.ctx.database.schema ?? '';
    }
    const config = loadConfig(env);
    const report = await restoreFrom(config, backupDir);
    expect(report.restored).toEqual(expect.arrayContaining(['lancedb', 'vault.key']));
    expect(readFileSync(path.join(dataDir, 'vault.key'), 'utf8')).toBe(readFileSync(path.join(source.dataDir, 'vault.key'), 'utf8'));
    // A second restore refuses to overwrite what is now there.
    await expect(restoreFrom(config, backupDir)).rejects.toMatchObject({ code: 'platform.restore.target_not_empty' });

    const ctx = createContext(config, { logger: createLogger({ level: 'warn', pretty: 'false' }) });
    cleanups.push(() => ctx.lifecycle.shutdown(ctx.logger));
    const restored = await startApp(ctx);
    cleanups.push(() => restored.close());

    // Users: the password and the API token both still work.
    const session = await signIn(restored, owner.email);
    expect(session.me.user.id).toBe(owner.userId);
    const me = json<{ user: { id: string; name: string } }>(await restored.inject({ url: '/api/auth/me', headers: h }), 200);
    expect(me.user).toMatchObject({ id: owner.userId, name: 'Ada Owner' });

    // Workflows and runs.
    const workflows = json<{ items: { id: string; name: string }[] }>(await restored.inject({ url: '/api/workflows', headers: h }), 200);
    expect(workflows.items.map((w) => [w.id, w.name])).toEqual([[wf.id, 'Doubler']]);
    const restoredRun = json<RunBody>(await restored.inject({ url: `/api/runs/${run.id}`, headers: h }), 200);
    expect(restoredRun).toMatchObject({ id: run.id, workflowId: wf.id, status: 'succeeded', output: { total: 42 } });
    // The restored engine runs new work too.
    const again = await runToEnd(restored, h, wf.id, 21);
    expect(again.output).toEqual({ total: 42 });

    // Connections: listed, and the sealed credentials open with the restored vault key.
    const view = json<{ connection: { id: string; service: string; label: string } }>(await restored.inject({ url: `/api/connections/${conn.id}`, headers: h }), 200);
    expect(view.connection).toMatchObject({ id: conn.id, service: 'openai', label: 'Team key' });
    const sealedAfter = await ctx.db.selectFrom('integration_connections').select(['credentials_sealed']).where('id', '=', conn.id).executeTakeFirstOrThrow();
    expect(sealedAfter.credentials_sealed).toBe(sealedBefore.credentials_sealed);
    expect(createVault(ctx).open(sealedAfter.credentials_sealed as string)).toContain(apiKey);

    // Memory: the same hits, in the same order.
    const after = json<SearchBody>(await restored.inject({ url: searchUrl, headers: h }), 200);
    expect(after.hits.map((x) => [x.documentId, x.title])).toEqual(before.hits.map((x) => [x.documentId, x.title]));
  });
});
