// The image promise "writes only under the data directory and /tmp", checked without a container engine:
// `atom serve` runs in a private mount namespace where its own install tree (the repository, also its
// HOME) is mounted read-only, and serves sign-up, a memory upload and a workflow run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, waitUntilOk } from './support/atom-processes.js';

const root = path.resolve(new URL('../../', import.meta.url).pathname);
const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-ro-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('read-only root filesystem', () => {
  it('atom serve works with its install tree read-only, writing only to the data directory and /tmp', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const script = `mount --bind "${root}" "${root}" && mount -o remount,bind,ro "${root}" && { touch "${root}/.ro-probe" 2>/dev/null && echo INSTALL-TREE-WRITABLE; true; } && exec "${process.execPath}" --import tsx src/cli/main.ts serve`;
    const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', HOME: root, ATOM_DATA_DIR: dataDir, ATOM_PORT: String(port), ATOM_HOST: '127.0.0.1', ATOM_LOG_LEVEL: 'warn', ATOM_LOG_PRETTY: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitUntilOk(`${base}/ready`, 200_000).catch((err: Error) => {
        throw new Error(`${err.message}; output: ${output.slice(-3000)}`);
      });
      const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

      const signup = await post('/api/auth/signup', { email: 'ro@example.test', password: 'correct horse battery staple', name: 'RO' });
      expect(signup.status).toBeLessThan(300);
      const me = (await signup.json()) as { workspace: { id: string }; csrfToken: string };
      const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('atom_session=')) ?? '';
      const tokenRes = await post('/api/tokens', { name: 'ro', expiresInDays: 1 }, { cookie, 'x-csrf-token': me.csrfToken, 'x-atom-workspace': me.workspace.id });
      const { token } = (await tokenRes.json()) as { token: string };
      const auth = { authorization: `Bearer ${token}` };

      const form = new FormData();
      form.append('file', new Blob(['# Read-only\n\nThe image writes only under /data and /tmp.\n'], { type: 'text/markdown' }), 'ro.md');
      const upload = await fetch(`${base}/api/memory/documents?wait=true`, { method: 'POST', headers: auth, body: form });
      expect(upload.status).toBe(201);
      const search = (await (await fetch(`${base}/api/memory/search?q=writes%20only`, { headers: auth })).json()) as { hits: unknown[] };
      expect(search.hits.length).toBeGreaterThan(0);

      const wf = (await (await post('/api/workflows', { name: 'ro', definition: { trigger: { type: 'manual' }, steps: [{ id: 'x', type: 'transform', expression: '{ "ok": true }' }] } }, auth)).json()) as { id: string };
      const run = await post(`/api/workflows/${wf.id}/run`, { version: 'latest', waitMs: 30_000 }, auth);
      expect(((await run.json()) as { status: string }).status).toBe('succeeded');
      expect(output).not.toMatch(/EROFS|read-only file system/i);
      // The namespace really is read-only (a probe write failed), so every write above went to dataDir or /tmp.
      expect(output).not.toContain('INSTALL-TREE-WRITABLE');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
