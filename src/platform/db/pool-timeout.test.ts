import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';

// PostgreSQL only: SQLite has one connection and no pool to drain.
describe('PostgreSQL pool exhausted', () => {
  let t: Awaited<ReturnType<typeof createTestApp>> | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('answers 503 + Retry-After within the acquire timeout instead of hanging, and recovers', async () => {
    t = await createTestApp('postgres', { ATOM_DATABASE_POOL_MAX: '2', ATOM_DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '300' }, { authenticator: testAuthenticator });
    const headers = asPrincipal({ workspaceId: 'ws-a', permissions: ['workflows:read'] });
    expect((await t.app.inject({ method: 'GET', url: '/api/runs', headers })).statusCode).toBe(200);

    // Two transactions hold both pooled connections until released.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const holders = [0, 1].map(() => t!.ctx.db.transaction().execute(async (trx) => {
      await trx.selectFrom('workflow_runs').select('id').execute();
      await held;
    }));
    await new Promise((r) => setTimeout(r, 100));

    const t0 = performance.now();
    const busy = await t.app.inject({ method: 'GET', url: '/api/runs', headers });
    const ms = performance.now() - t0;
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['content-type']).toContain('application/problem+json');
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.json()).toMatchObject({ code: 'platform.database.busy', status: 503 });
    expect(ms).toBeLessThan(3000);

    release();
    await Promise.all(holders);
    expect((await t.app.inject({ method: 'GET', url: '/api/runs', headers })).statusCode).toBe(200);
  });
});
