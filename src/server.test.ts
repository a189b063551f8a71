import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../test/support/server.js';
import { testRedisUrl } from '../test/support/postgres.js';
import { syncTickQueue } from './memory/sources/schedule.js';
import { newId } from './platform/index.js';

const entries = (server: Awaited<ReturnType<typeof startTestServer>>) => server.logs.entries();

// `atom serve` starts background work only through the module list (src/modules.ts), as `atom worker` does.
describe('atom serve start-up (src/server.ts)', () => {
  it('in embedded mode starts every module’s workers once, in the list order, and executes a webhook run', { timeout: 60_000 }, async () => {
    const server = await startTestServer({ ATOM_LOG_LEVEL: 'info', ATOM_MEMORY_SYNC_INTERVAL_MINUTES: '5', ATOM_LOGIN_DELAY_MS: '0' });
    try {
      const serving = entries(server).find((l) => String(l['msg']).startsWith('Atom is serving'));
      expect(serving?.['workers']).toEqual(['workflows', 'memory', 'realtime', 'notifications']);
      expect(entries(server).filter((l) => l['msg'] === 'workflow workers started')).toHaveLength(1);
      // Memory's workers ran here (no longer memory's routes): the next scheduled sync tick is stored.
      const ticks = await server.ctx.db.selectFrom('jobs').select('id').where('queue', '=', syncTickQueue).execute();
      expect(ticks).toHaveLength(1);

      // And this process executes runs: a webhook workflow answers with its finished run.
      const json = { 'content-type': 'application/json', origin: server.url };
      const signup = await fetch(`${server.url}/api/auth/signup`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'serve@example.test', password: 'correct horse battery staple', name: 'Serve' }) });
      const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const { csrfToken } = (await (await fetch(`${server.url}/api/auth/csrf`, { headers: { cookie } })).json()) as { csrfToken: string };
      const headers = { ...json, cookie, 'x-csrf-token': csrfToken };
      const definition = { trigger: { type: 'webhook', methods: ['POST'], respond: 'when_finished' }, steps: [{ id: 'out', type: 'transform', expression: '{ "got": trigger.body.n }' }] };
      const created = (await (await fetch(`${server.url}/api/workflows`, { method: 'POST', headers, body: JSON.stringify({ name: 'hook', definition }) })).json()) as { id: string };
      const activated = (await (await fetch(`${server.url}/api/workflows/${created.id}/activate`, { method: 'POST', headers, body: '{}' })).json()) as { webhook: { url: string } };
      const hook = await fetch(new URL(activated.webhook.url, server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: 7 }) });
      expect(hook.status).toBe(200);
      expect(await hook.json()).toMatchObject({ status: 'succeeded', output: { got: 7 } });
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
