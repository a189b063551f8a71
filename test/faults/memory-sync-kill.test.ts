// Fault: the process running a memory sync is killed (kill -9) part way, twice; the next process resumes
// from the saved page and the connection ends with exactly the source's files: no duplicates (one row
// per file, one set of passages per row) and no gaps (every file indexed and findable).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemory } from '../../src/memory/memory.js';
import { callerPrincipals } from '../../src/memory/principals.js';
import { searchMemory } from '../../src/memory/search/hybrid.js';
import { createContext, loadConfig } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../../src/integrations/google-drive/fake.js';
import { spawnTsx, type Child } from './support/processes.js';
import { slowProxy } from '../support/slow-proxy.js';
import { sourceApiEnv } from '../../src/memory/test-support.js';

const FILES = 24;
// Nonsense words, one per file, so each file's presence in the index can be checked by search.
const word = (i: number) => `zq${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}vort`;

describe('fault: memory sync process killed part way (Drive fake)', () => {
  let drive: FakeGoogleDrive;
  let proxy: Awaited<ReturnType<typeof slowProxy>>;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-fault-sync-'));
  const children: Child[] = [];

  beforeAll(async () => {
    drive = await startFakeGoogleDrive();
    drive.pageSize = 3;
    for (let i = 0; i < FILES; i++) drive.add({ name: `file-${i}.txt`, content: `File ${i} is about the ${word(i)} manoeuvre and nothing else.`, sharedWith: ['me@example.com'] });
    proxy = await slowProxy(drive.url, 60);
  });
  afterAll(async () => {
    for (const c of children) await c.kill9();
    await proxy?.close();
    await drive?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes from the saved page after each kill and converges without duplicates or gaps', async () => {
    const env = { ATOM_DATA_DIR: dataDir, ...sourceApiEnv({ drive: proxy.url }), DRIVE_TOKEN: drive.token, CONNECTION_ID: 'mcon_fault_drive' };
    const start = () => {
      const c = spawnTsx(`sync-${children.length + 1}`, 'test/faults/support/sync-child.ts', env);
      children.push(c);
      return c;
    };
    const filesLogged = (c: Child) => c.logs.filter((l) => l['msg'] === 'file').length;

    // Two processes killed part way: after 7 files, then after 6 more.
    const listRequests: number[] = [];
    for (const after of [7, 6]) {
      const c = start();
      for (let i = 0; i < 2400 && filesLogged(c) < after && c.child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
      expect(filesLogged(c), c.output().slice(-3000)).toBeGreaterThanOrEqual(after);
      await c.kill9();
      listRequests.push(drive.requests.length);
    }
    // The third runs to the end.
    const last = start();
    const done = await last.waitForLog((l) => l['msg'] === 'sync done', 90_000);
    expect(await last.exited).toBe(0);
    // Resumed, not restarted: after the first kill no process listed files from page one again.
    const relisted = drive.requests.slice(listRequests[0]).filter((r) => r.startsWith('GET /drive/v3/files?') && !r.includes('pageToken='));
    expect(relisted).toEqual([]);
    // Fewer files than the source were processed by the last process: it did not start over.
    expect(filesLogged(last)).toBeLessThan(FILES);
    expect((done['report'] as { phase: string }).phase).toBe('full');

    const ctx = createContext(loadConfig({ ATOM_DATA_DIR: dataDir, ATOM_LOG_LEVEL: 'warn', NODE_ENV: 'test' }), { logger: createLogger({ level: 'warn', pretty: 'false' }) });
    const memory = await createMemory(ctx);
    try {
      const rows = await ctx.db.selectFrom('memory_documents').select(['external_id', 'status', 'chunk_count']).where('connection_id', '=', 'mcon_fault_drive').execute();
      // No duplicates: one row per source file; no gaps: every source file, indexed.
      expect(rows.map((r) => r.external_id).sort()).toEqual([...drive.files.keys()].sort());
      expect(rows.every((r) => r.status === 'indexed' && Number(r.chunk_count) > 0)).toBe(true);
      // Passages: exactly the rows' chunk counts (a re-processed file replaced its passages, not added to them).
      expect(await memory.index.table.countRows(`connection_id = 'mcon_fault_drive'`)).toBe(rows.reduce((s, r) => s + Number(r.chunk_count), 0));
      const state = await memory.syncState.get('mcon_fault_drive');
      expect(state?.phase).toBe('incremental');
      for (let i = 0; i < FILES; i++) {
        const r = await searchMemory(memory, { q: word(i), workspaceId: 'ws-1', principals: callerPrincipals('u1', [{ email: 'me@example.com', domain: 'example.com' }]), limit: 3 });
        expect(r.hits[0]?.title).toBe(`file-${i}.txt`);
      }
    } finally {
      await memory.close();
      await ctx.lifecycle.shutdown(ctx.logger);
    }
  }, 240_000);
});
