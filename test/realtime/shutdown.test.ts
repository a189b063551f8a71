import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../support/server.js';
import { openSse } from './sse-client.js';

describe('live event streams and shutdown', () => {
  it('open streams end at once when the server stops, so shutdown is not held by them', { timeout: 60_000 }, async () => {
    const server = await startTestServer({ ATOM_LOGIN_DELAY_MS: '0' });
    let stopped = false;
    try {
      const signup = await fetch(`${server.url}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'stop@example.test', password: 'correct horse battery staple', name: 'Stop' }),
      });
      const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('atom_session=')) ?? '';
      const streams = await Promise.all([0, 1, 2].map(() => openSse(`${server.url}/api/events`, { cookie })));
      await Promise.all(streams.map((s) => s.waitFor((f) => f.event === 'ready')));

      const t0 = Date.now();
      // stop() itself, not the test harness's close(), which force-closes sockets after 2 s.
      await server.stop();
      stopped = true;
      const ms = Date.now() - t0;
      await Promise.all(streams.map((s) => s.closed));
      expect(ms).toBeLessThan(1500);
    } finally {
      if (!stopped) await server.close();
      else rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
});
