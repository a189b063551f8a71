import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('graceful shutdown', () => {
  it('lets an in-flight request finish on SIGTERM, refuses new ones, then exits 0', { timeout: 90_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-sigterm-'));
    if (!existsSync('dist/server.js')) throw new Error('dist/ is not built: run `npm run build:server` (npm test does).');
    const child = spawn(process.execPath, ['test/fixtures/slow-server.mjs'], {
      env: { ...process.env, ATOM_DATA_DIR: dataDir, ATOM_SHUTDOWN_GRACE_MS: '8000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout! });
      rl.on('line', (line) => {
        if (line.startsWith('{"url"')) resolve((JSON.parse(line) as { url: string }).url);
      });
      child.on('exit', () => reject(new Error('server exited before listening')));
    });

    const started = Date.now();
    const slow = fetch(`${url}/api/test/slow?ms=1500`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    // A request arriving during the drain is turned away (refused or 503), never hangs.
    const late = await fetch(`${url}/health`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);

    const res = await slow;
    expect(res).toEqual({ status: 200, body: { finished: true } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    await expect(exited).resolves.toBe(0);
  });
});
