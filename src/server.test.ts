import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../test/support/server.js';
import { testRedisUrl } from '../test/support/postgres.js';
import { syncTickQueue } from './memory/sources/schedule.js';
import { newId } from './platform/index.js';

const entries = (server: Awaited<ReturnType<typeof startTestServer>>) => server.logs.entries();

// `atom serve` starts background work only through the module list (src/modules.ts), as `atom worker` does.
describe('atom serve start-up (src/server.ts)', () => {
  it('in embedded mode starts every module’s workers once, in the list order', { timeout: 60_000 }, async () => {
    const server = await startTestServer({ ATOM_LOG_LEVEL: 'info', ATOM_MEMORY_SYNC_INTERVAL_MINUTES: '5' });
    try {
      const serving = entries(server).find((l) => String(l['msg']).startsWith('Atom is serving'));
      expect(serving?.['workers']).toEqual(['workflows', 'memory', 'realtime', 'notifications']);
      expect(entries(server).filter((l) => l['msg'] === 'workflow workers started')).toHaveLength(1);
      // Memory's workers ran here (no longer memory's routes): the next scheduled sync tick is stored.
      const ticks = await server.ctx.db.selectFrom('jobs').select('id').where('queue', '=', syncTickQueue).execute();
      expect(ticks).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('in queue mode leaves job consumers to atom worker and starts only the notification workers', { timeout: 60_000 }, async () => {
    const prefix = `srv${newId().replaceAll(/[^A-Za-z0-9]/g, '').slice(-12)}`;
    const server = await startTestServer({ ATOM_LOG_LEVEL: 'info', ATOM_REDIS_URL: testRedisUrl(), ATOM_JOBS_PREFIX: prefix });
    try {
      const serving = entries(server).find((l) => String(l['msg']).startsWith('Atom is serving'));
      expect(serving?.['workers']).toEqual(['notifications']);
      expect(entries(server).some((l) => l['msg'] === 'workflow workers started')).toBe(false);
    } finally {
      await server.close();
      const redis = new Redis(testRedisUrl());
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });
});
