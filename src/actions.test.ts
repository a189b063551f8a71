import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, type TestContext } from '../test/support/context.js';
import { testRedisUrl } from '../test/support/postgres.js';
import type { AtomConfig } from './platform/index.js';

// The action registry is process-wide, so in one module graph the worker would see what serve registered.
// Each side loads Atom's modules afresh, as its own process would, and reports the actions it ends up with.
async function actionsOfServe(config: AtomConfig): Promise<{ before: string[]; after: string[] }> {
  vi.resetModules();
  const { buildApp } = await import('./app.js');
  const { createContext } = await import('./platform/index.js');
  const { actionRegistry } = await import('./workflows/index.js');
  const before = actionRegistry.list().map((a) => a.id);
  const ctx = createContext(config);
  const app = await buildApp(ctx);
  const after = actionRegistry.list().map((a) => a.id);
  await app.close();
  await ctx.lifecycle.shutdown(ctx.logger);
  return { before, after };
}

async function actionsOfWorker(config: AtomConfig): Promise<{ before: string[]; after: string[] }> {
  vi.resetModules();
  const { startWorker } = await import('./worker.js');
  const { actionRegistry } = await import('./workflows/index.js');
  const before = actionRegistry.list().map((a) => a.id);
  const worker = await startWorker(config);
  const after = actionRegistry.list().map((a) => a.id);
  await worker.stop();
  return { before, after };
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
    // Each side started from the built-ins alone (fresh modules), so what follows is its own doing.
    expect(worker.before).toEqual(serve.before);
    expect(serve.before).not.toContain('ai.generate');
    expect(serve.before).not.toContain('memory.search');
    expect(serve.after.length).toBeGreaterThan(serve.before.length);
    expect(serve.after).toEqual(expect.arrayContaining(['ai.generate', 'memory.search', 'core.http_request', 'slack.post_message']));
    expect(worker.after).toContain('memory.search');
    expect(new Set(worker.after)).toEqual(new Set(serve.after));
  });
});
