import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/support/context.js';
import { testRedisUrl } from '../test/support/postgres.js';
import { buildApp } from './app.js';
import { createContext, type AtomConfig } from './platform/index.js';
import { startWorker } from './worker.js';
import { actionRegistry } from './workflows/index.js';

// The action registry is per context: each side reports what its own context has before and after start-up.
async function actionsOfServe(config: AtomConfig): Promise<{ before: string[]; after: string[] }> {
  const ctx = createContext(config);
  const before = actionRegistry(ctx).list().map((a) => a.id);
  const app = await buildApp(ctx);
  const after = actionRegistry(ctx).list().map((a) => a.id);
  await app.close();
  await ctx.lifecycle.shutdown(ctx.logger);
  return { before, after };
}

async function actionsOfWorker(config: AtomConfig): Promise<{ after: string[] }> {
  const worker = await startWorker(config);
  const after = actionRegistry(worker.ctx).list().map((a) => a.id);
  await worker.stop();
  return { after };
}

describe('the actions of atom serve and atom worker (queue mode, PostgreSQL + Redis)', () => {
  const prefix = `actions_${process.pid}_${Date.now().toString(36)}`;
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext('postgres', {
      ATOM_LOG_LEVEL: 'warn',
      ATOM_REDIS_URL: testRedisUrl(),
      ATOM_JOBS_PREFIX: prefix,
      ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
      ATOM_RETENTION_INTERVAL_MINUTES: '0',
      ATOM_MIGRATE_ON_START: 'false',
    });
  });
  afterAll(async () => {
    await t?.cleanup();
    const redis = new Redis(testRedisUrl());
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('are the same set, whichever process runs the step', async () => {
    const serve = await actionsOfServe(t.config);
    const worker = await actionsOfWorker(t.config);
    // A fresh context has the built-ins alone, so what follows is its own start-up's doing.
    expect(serve.before).not.toContain('ai.generate');
    expect(serve.before).not.toContain('memory.search');
    expect(serve.after.length).toBeGreaterThan(serve.before.length);
    expect(serve.after).toEqual(expect.arrayContaining(['ai.generate', 'memory.search', 'core.http_request', 'slack.post_message']));
    expect(worker.after).toContain('memory.search');
    expect(new Set(worker.after)).toEqual(new Set(serve.after));
  });
});
