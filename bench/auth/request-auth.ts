/**
 * What authentication costs per request: an anonymous public route (baseline) against the same route
 * with a session cookie and with a bearer API token, plus sign-in (argon2id) throughput.
 * Run: npx tsx bench/auth/request-auth.ts   (BENCH_N=2000 by default; BENCH_DIALECT=postgres for PostgreSQL)
 */
import { signUpOwner, TEST_PASSWORD } from '../../test/support/auth.js';
import { createTestApp, type TestDialect } from '../../test/support/context.js';

const N = Number(process.env['BENCH_N'] ?? 2000);
const dialect = (process.env['BENCH_DIALECT'] ?? 'sqlite') as TestDialect;

const t = await createTestApp(dialect, {
  ATOM_LOG_LEVEL: 'warn',
  ATOM_LOGIN_DELAY_MS: '0',
  ATOM_RATE_LIMIT_PER_MINUTE: '1000000',
  ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
  ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
});
try {
  const owner = await signUpOwner(t.app);
  const rate = async (label: string, headers: Record<string, string>, url: string, n = N) => {
    for (let i = 0; i < 50; i++) await t.app.inject({ url, headers });
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const res = await t.app.inject({ url, headers });
      if (res.statusCode !== 200) throw new Error(`${label}: ${res.statusCode}`);
    }
    const ms = performance.now() - t0;
    console.log(`${label.padEnd(44)} ${(n / (ms / 1000)).toFixed(0).padStart(7)} req/s  ${((ms / n) * 1000).toFixed(0).padStart(6)} µs/req`);
  };
  console.log(`dialect ${dialect}, N=${N}`);
  await rate('baseline: GET /api/auth/providers, anonymous', {}, '/api/auth/providers');
  await rate('same route, session cookie', { cookie: owner.cookie }, '/api/auth/providers');
  await rate('same route, bearer API token', owner.bearer, '/api/auth/providers');
  await rate('GET /api/auth/me, session cookie', { cookie: owner.cookie }, '/api/auth/me');
  await rate('GET /api/auth/me, bearer API token', owner.bearer, '/api/auth/me');

  const logins = Math.max(20, Math.floor(N / 50));
  const t0 = performance.now();
  for (let i = 0; i < logins; i++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: TEST_PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`login ${res.statusCode}`);
  }
  const ms = performance.now() - t0;
  console.log(`${'POST /api/auth/login (argon2id verify)'.padEnd(44)} ${(logins / (ms / 1000)).toFixed(1).padStart(7)} req/s  ${(ms / logins).toFixed(1).padStart(6)} ms/req`);
} finally {
  await t.cleanup();
}
