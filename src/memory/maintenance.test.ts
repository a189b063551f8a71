import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../test/support/context.js';
import { createLocalEmbedder } from './embed/index.js';
import { optimizeMemory, removeOrphans, verifyMemory } from './maintenance.js';
import { createMemory } from './memory.js';
import { importFolder } from './pipeline/folder-import.js';
import { reembedFromPreviousIndex } from './reembed.js';
import { searchMemory } from './search/hybrid.js';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

describe.each(dialects)('memory maintenance on %s', (dialect) => {
  let t: TestContext;
  let folder: string;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    folder = path.join(t.dataDir, 'docs');
    mkdirSync(path.join(folder, 'sub'), { recursive: true });
    writeFileSync(path.join(folder, 'a.md'), '# Alpha\n\nCompressor stall margins.');
    writeFileSync(path.join(folder, 'sub', 'b.txt'), 'Turbine blade cooling.');
    writeFileSync(path.join(folder, '.hidden.txt'), 'never imported');
    writeFileSync(path.join(folder, 'broken.pdf'), '%PDF-1.4 nope');
  });
  afterAll(() => t.cleanup());

  it('imports a folder, skips unchanged files on re-import and forgets removed ones', async () => {
    const memory = await createMemory(t.ctx, { embedder: createLocalEmbedder(64) });
    try {
      const first = await (await importFolder(memory, 'ws', folder)).done;
      expect(first).toMatchObject({ status: 'finished', total: 3, done: 3, indexed: 2, failed: 1 });
      expect(first.failures[0]).toMatchObject({ name: 'broken.pdf', code: 'memory.extract.corrupt' });
      const again = await (await importFolder(memory, 'ws', folder)).done;
      expect(again).toMatchObject({ unchanged: 2 });
      rmSync(path.join(folder, 'sub', 'b.txt'));
      await (await importFolder(memory, 'ws', folder)).done;
      const hits = await searchMemory(memory, { q: 'turbine blade', workspaceId: 'ws', principals: ['*'], limit: 5 });
      expect(hits.hits).toEqual([]);
      expect((await searchMemory(memory, { q: 'compressor stall', workspaceId: 'ws', principals: ['*'], limit: 5 })).hits[0]?.path).toBe('a.md');
    } finally {
      await memory.close();
    }
  });

  it('verifies, removes orphans and optimizes', async () => {
    const memory = await createMemory(t.ctx, { embedder: createLocalEmbedder(64) });
    try {
      writeFileSync(path.join(folder, 'd.txt'), 'Inlet distortion.');
      await (await importFolder(memory, 'ws', folder)).done;
      const ok = await verifyMemory(memory);
      expect(ok.mismatched).toEqual([]);
      expect(ok.orphanDocuments).toBe(0);
      // Simulate a crash between the store delete and the row delete: the row goes, the passages stay.
      const [doc] = await memory.documents.list('ws', ['*'], { status: 'indexed', limit: 1 });
      await memory.documents.delete([doc!.id]);
      expect((await verifyMemory(memory)).orphanDocuments).toBe(1);
      expect(await removeOrphans(memory)).toBe(1);
      const r = await optimizeMemory(memory);
      expect(r.orphansRemoved).toBe(0);
      expect((await verifyMemory(memory)).orphanDocuments).toBe(0);
      expect((await memory.index.table.stats()).indexes).toContain('FTS:search_text');
    } finally {
      await memory.close();
    }
  });

  it('optimizes from several callers at once on a table whose indexes are not built yet', async () => {
    // Admins pressing "optimize" together, or the settle timer meeting the route: the index builds of one
    // table run once, and every caller gets an answer instead of LanceDB's commit conflict (a 500).
    // Its own data folder, so no earlier test has built the table's indexes.
    const own = await createTestContext(dialect);
    const memory = await createMemory(own.ctx, { embedder: createLocalEmbedder(64) });
    try {
      const other = path.join(own.dataDir, 'optimize-docs');
      mkdirSync(other, { recursive: true });
      writeFileSync(path.join(other, 'e.txt'), 'Compressor stall margins.');
      await (await importFolder(memory, 'ws-optimize', other)).done;
      const together = await Promise.allSettled([optimizeMemory(memory), optimizeMemory(memory), optimizeMemory(memory)]);
      expect(together.map((x) => (x.status === 'rejected' ? String(x.reason) : x.status))).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      expect((await memory.index.table.stats()).indexes).toContain('FTS:search_text');
    } finally {
      await memory.close();
      await own.cleanup();
    }
  });

  it('a model change re-embeds in the background while search keeps using the old index', async () => {
    writeFileSync(path.join(folder, 'c.txt'), 'Nozzle throat erosion.');
    const old = await createMemory(t.ctx, { embedder: createLocalEmbedder(64) });
    await (await importFolder(old, 'ws', folder)).done;
    await old.close();

    const next = await createMemory(t.ctx, { embedder: createLocalEmbedder(96) });
    try {
      expect(next.previousIndex()).toBeDefined();
      expect(next.searchIndex().table.name).toBe('chunks_local_hash_ngram_v1_64');
      const during = await searchMemory(next, { q: 'nozzle throat', workspaceId: 'ws', principals: ['*'], limit: 5 });
      expect(during.hits[0]?.title).toBe('c.txt');
      const r = await reembedFromPreviousIndex(next);
      expect(r.documents).toBeGreaterThanOrEqual(2);
      expect(next.previousIndex()).toBeUndefined();
      expect(next.searchIndex().table.name).toBe('chunks_local_hash_ngram_v1_96');
      const after = await searchMemory(next, { q: 'nozzle throat', workspaceId: 'ws', principals: ['*'], limit: 5, mode: 'vector' });
      expect(after.hits[0]?.title).toBe('c.txt');
      expect(await next.store.tableNames()).toEqual(['chunks_local_hash_ngram_v1_96']);
      expect((await next.indexes.all()).map((i) => [i.embedder_id, i.status])).toEqual([['local:hash-ngram-v1:96', 'active']]);
    } finally {
      await next.close();
    }
  });
});
