// Acceptance (queue mode): runs execute in a separate `atom worker` process (the compiled dist, as shipped);
// their events reach SSE clients on other `atom serve` processes through Redis, and a client that drops
// mid-run and resumes on another API process with Last-Event-ID loses nothing (ids contiguous).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, loadConfig, migrateToLatest, type AppContext } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { generateFernetKey } from '../../src/vault/index.js';
import { freePort, queueModeEnv, spawnAtom, waitUntilOk, type AtomProcess } from '../deploy/support/atom-processes.js';
import { dropSchema, testPostgresUrl, testRedisUrl } from '../support/postgres.js';
import { contiguous, openSse, type SseClient } from './sse-client.js';

const tag = `rt_${process.pid}_${Date.now().toString(36)}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-rt-'));
const env: Record<string, string> = {
  ...queueModeEnv({ tag, dataDir, postgresUrl: testPostgresUrl(), redisUrl: testRedisUrl(), vaultKey: generateFernetKey() }),
  ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
  ATOM_RETENTION_INTERVAL_MINUTES: '0',
  ATOM_LOGIN_DELAY_MS: '0',
  ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
};

const children: AtomProcess[] = [];
let ctx: AppContext;
const apis: string[] = [];
let worker: AtomProcess;
let headers: Record<string, string>;
let workflowId: string;

beforeAll(async () => {
  if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is not built: run `npm run build:server` (npm test does).');
  ctx = createContext(loadConfig({ ...env, ATOM_LOG_LEVEL: 'warn' }), { logger: createLogger({ level: 'warn', pretty: 'false' }) });
  await migrateToLatest(ctx.database);
  worker = spawnAtom('worker', ['worker'], env, { from: 'dist' });
  children.push(worker);
  for (let i = 1; i <= 2; i++) {
    const port = await freePort();
    children.push(spawnAtom(`api-${i}`, ['serve'], { ...env, ATOM_PORT: String(port) }, { from: 'dist' }));
    apis.push(`http://127.0.0.1:${port}`);
  }
  await Promise.all([...apis.map((u) => waitUntilOk(`${u}/ready`, 120_000)), worker.waitForLog((l) => l['msg'] === 'worker ready', 120_000)]);
  // Owner and token through API 1.
  const signup = await fetch(`${apis[0]}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `rt-${tag}@example.test`, password: 'correct horse battery staple', name: 'Realtime Owner' }),
  });
  const me = (await signup.json()) as { workspace: { id: string }; csrfToken: string };
  const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('atom_session=')) ?? '';
  const tokenRes = await fetch(`${apis[0]}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken, 'x-atom-workspace': me.workspace.id },
    body: JSON.stringify({ name: 'realtime', expiresInDays: 1 }),
  });
  const { token } = (await tokenRes.json()) as { token: string };
  headers = { authorization: `Bearer ${token}` };
  // Delays make the run last long enough to drop the connection in the middle of it.
  const steps = [1, 2, 3, 4].flatMap((n) => [{ id: `t${n}`, type: 'transform', expression: `${n}` }, ...(n < 4 ? [{ id: `d${n}`, type: 'delay', ms: 400 }] : [])]);
  const wf = await fetch(`${apis[0]}/api/workflows`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Queue live', definition: { trigger: { type: 'manual' }, steps } }),
  });
  expect(wf.status).toBe(201);
  workflowId = ((await wf.json()) as { id: string }).id;
}, 180_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop('SIGKILL')));
  await ctx?.lifecycle.shutdown(ctx.logger);
  const redis = new Redis(testRedisUrl());
  const keys = await redis.keys(`${tag}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await dropSchema(testPostgresUrl(), tag);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

const typeOf = (f: { data: unknown }) => (f.data as { type?: string }).type;
const runOf = (f: { data: unknown }) => (f.data as { data?: { runId?: string } }).data?.runId;

describe('live events in queue mode (2 API processes + 1 worker, PostgreSQL + Redis)', () => {
  it('streams a worker-executed run to a client of another API process, and resumes on a third connection without a gap', { timeout: 60_000 }, async () => {
    const clients: SseClient[] = [];
    try {
      // Connected to API 2; the run is started through API 1 and executed by the worker.
      const first = await openSse(`${apis[1]}/api/events`, headers);
      clients.push(first);
      await first.waitFor((f) => f.event === 'ready');
      const started = await fetch(`${apis[0]}/api/workflows/${workflowId}/run`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      expect(started.status).toBe(202);
      const runId = ((await started.json()) as { id: string }).id;

      await first.waitFor((f) => typeOf(f) === 'run.step_finished' && runOf(f) === runId, 20_000);
      const before = first.events();
      // Dropped mid-run (the run is still in its delays).
      first.close();
      expect(before.some((e) => e.type === 'run.finished' && e.data['runId'] === runId)).toBe(false);
      await new Promise((r) => setTimeout(r, 600));

      // Reconnects to API 1 with the last id it saw.
      const second = await openSse(`${apis[0]}/api/events`, { ...headers, 'last-event-id': String(before.at(-1)!.id) });
      clients.push(second);
      await second.waitFor((f) => typeOf(f) === 'run.finished' && runOf(f) === runId, 30_000);
      const after = second.events();
      const all = [...before, ...after];
      expect(contiguous(all.map((e) => e.id))).toBe(true);
      const run = all.filter((e) => e.data['runId'] === runId);
      expect(run.map((e) => e.type)).toEqual(['run.started', ...Array.from({ length: 7 }, () => 'run.step_finished'), 'run.finished']);
      expect(run.filter((e) => e.type === 'run.step_finished').map((e) => e.data['stepId'])).toEqual(['t1', 'd1', 't2', 'd2', 't3', 'd3', 't4']);
      expect(run.at(-1)?.data['status']).toBe('succeeded');

      // The worker, not an API process, executed it.
      const row = await ctx.db.selectFrom('workflow_runs').select(['status', 'lease_owner']).where('id', '=', runId).executeTakeFirstOrThrow();
      expect(row.status).toBe('succeeded');
      expect(worker.logs.some((l) => l['msg'] === 'workflow workers started')).toBe(true);
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('shows presence across API processes and drops a tab whose stream closed on the other one', { timeout: 60_000 }, async () => {
    const clients: SseClient[] = [];
    try {
      const inv = await fetch(`${apis[0]}/api/invitations`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ email: `guest-${tag}@example.test`, role: 'member' }) });
      const { token: invitation } = (await inv.json()) as { token: string };
      const signup = await fetch(`${apis[1]}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `guest-${tag}@example.test`, password: 'correct horse battery staple', name: 'Guest Member', invitation }),
      });
      const me = (await signup.json()) as { user: { id: string }; csrfToken: string };
      const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('atom_session=')) ?? '';
      const guest = { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' };
      const resource = { kind: 'workflow', id: workflowId };

      const ownerStream = await openSse(`${apis[0]}/api/events?tab=owner-tab-queue`, headers);
      clients.push(ownerStream);
      await ownerStream.waitFor((f) => f.event === 'ready');
      const beatOwner = await fetch(`${apis[0]}/api/presence`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ resource, tab: 'owner-tab-queue' }) });
      expect(beatOwner.status).toBe(200);

      const guestStream = await openSse(`${apis[1]}/api/events?tab=guest-tab-queue`, { cookie });
      clients.push(guestStream);
      await guestStream.waitFor((f) => f.event === 'ready');
      const beatGuest = await fetch(`${apis[1]}/api/presence`, { method: 'POST', headers: guest, body: JSON.stringify({ resource, state: 'editing', tab: 'guest-tab-queue' }) });
      expect(((await beatGuest.json()) as { users: { userId: string }[] }).users).toHaveLength(2);
      const users = (f: { data: unknown }) => ((f.data as { type?: string; data?: { users?: { userId: string }[] } }).type === 'presence.changed' ? ((f.data as { data: { users: { userId: string }[] } }).data.users.map((u) => u.userId)) : undefined);
      await ownerStream.waitFor((f) => users(f)?.includes(me.user.id) === true, 10_000);

      // The guest's tab closes on API 2; the owner on API 1 sees them leave.
      guestStream.close();
      await ownerStream.waitFor((f) => { const u = users(f); return u !== undefined && !u.includes(me.user.id); }, 5_000);
    } finally {
      for (const c of clients) c.close();
    }
  });
});
