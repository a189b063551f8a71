import { describe, expect, it } from 'vitest';
import { createTestApp, dialects } from './support/context.js';
import { testRedisUrl } from './support/postgres.js';

describe.each(dialects)('/ready on %s', (dialect) => {
  it('is ready with database and data directory checks', async () => {
    const t = await createTestApp(dialect);
    try {
      const res = await t.app.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { mode: { database: string; queue: string }; checks: { name: string; ok: boolean }[] };
      expect(body.mode).toEqual({ database: dialect, queue: 'embedded' });
      expect(body.checks.map((c) => c.name).sort()).toEqual(['data_dir', 'database']);
    } finally {
      await t.cleanup();
    }
  });
});

describe('/ready with Redis', () => {
  it('checks Redis when configured', async () => {
    const t = await createTestApp('sqlite', { ATOM_REDIS_URL: testRedisUrl() });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ mode: { queue: 'redis' }, checks: expect.arrayContaining([expect.objectContaining({ name: 'redis', ok: true })]) });
    } finally {
      await t.cleanup();
    }
  });

  it('answers 503 problem+json naming the failed check when Redis is down', async () => {
    const t = await createTestApp('sqlite', { ATOM_REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      const body = res.json() as { code: string; detail: string; checks: { name: string; ok: boolean }[] };
      expect(body.code).toBe('platform.not_ready');
      expect(body.detail).toContain('redis');
      expect(body.checks.find((c) => c.name === 'redis')?.ok).toBe(false);
      expect(body.checks.find((c) => c.name === 'database')?.ok).toBe(true);
      // Liveness does not depend on Redis.
      expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await t.cleanup();
    }
  });
});
