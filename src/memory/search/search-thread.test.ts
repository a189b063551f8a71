// The search thread answers exactly what the in-process search answers, sees a write the moment it is
// made, and hands a search it cannot answer back to the process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, loadConfig, migrateToLatest, type AppContext } from '../../platform/index.js';
import { createLogger } from '../../platform/logging/index.js';
import { createMemory, type Memory } from '../memory.js';
import { startIngestJob } from '../pipeline/ingest-job.js';
import { searchIndex, searchMemory, type SearchRequest } from './hybrid.js';

const topics = ['glider wing certification', 'invoice payment terms', 'kubernetes node upgrade', 'quarterly budget review', 'heron migration survey'];
const text = (i: number) => `# Note ${i}\n\n${topics[i % topics.length]} ${topics[(i * 3 + 1) % topics.length]}. Item ${i} mentions ${['alpha', 'beta', 'gamma'][i % 3]} details.\n`;

describe('memory search thread', () => {
  let dir: string;
  let ctx: AppContext;
  let memory: Memory;
  const ingest = async (docs: { id: string; body: string }[], principals = ['*']) => {
    const connection = await memory.connections.ensure('ws', 'upload', 'Uploads');
    const job = startIngestJob(memory, {
      workspaceId: 'ws',
      label: 'test',
      concurrency: 2,
      files: docs.map((d) => ({ connection, externalId: d.id, name: `${d.id}.md`, load: async () => new TextEncoder().encode(d.body), principals })),
    });
    await job.done;
  };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'atom-search-thread-'));
    ctx = createContext(loadConfig({ ATOM_DATA_DIR: dir, ATOM_LOG_LEVEL: 'silent', ATOM_MEMORY_SEARCH_THREAD: 'true' }), { logger: createLogger({ level: 'silent', pretty: 'false' }) });
    await migrateToLatest(ctx.database);
    memory = await createMemory(ctx);
    await ingest(Array.from({ length: 40 }, (_, i) => ({ id: `d${i}`, body: text(i) })));
    // The first search starts the thread (and is answered in the process meanwhile).
    await searchMemory(memory, { q: 'budget', workspaceId: 'ws', principals: ['*'], limit: 5 });
    for (let i = 0; i < 600 && !memory.searchThread?.ready(); i++) await new Promise((r) => setTimeout(r, 50));
  }, 60_000);
  afterAll(async () => {
    await memory?.close();
    await ctx?.lifecycle.shutdown(ctx.logger);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers exactly what the in-process search answers, in every mode', async () => {
    expect(memory.searchThread?.ready()).toBe(true);
    const before = memory.searchThread!.counts().answered;
    for (const mode of ['hybrid', 'fulltext', 'vector'] as const) {
      for (const q of ['glider certification', 'invoice terms', 'heron survey gamma']) {
        const req: SearchRequest = { q, workspaceId: 'ws', principals: ['*'], limit: 5, mode };
        const threaded = await searchMemory(memory, req);
        const local = await searchIndex(memory.searchIndex(), req);
        expect(threaded.hits.length).toBeGreaterThan(0);
        expect(threaded.hits.map((h) => [h.documentId, h.score, h.passages.map((p) => p.snippet)])).toEqual(local.hits.map((h) => [h.documentId, h.score, h.passages.map((p) => p.snippet)]));
      }
    }
    expect(memory.searchThread!.counts().answered - before).toBe(9);
  });

  it('finds a document the moment its write finished', async () => {
    await ingest([{ id: 'fresh', body: '# Fresh\n\nThe zanzibar osprey count was filed today.\n' }]);
    const { hits } = await searchMemory(memory, { q: 'zanzibar osprey', workspaceId: 'ws', principals: ['*'], limit: 3 });
    expect(hits[0]?.title).toBe('Fresh');
  });

  it('keeps to the caller scope: another workspace finds nothing', async () => {
    const { hits } = await searchMemory(memory, { q: 'glider certification', workspaceId: 'other', principals: ['*'], limit: 5 });
    expect(hits).toEqual([]);
  });

  it("keeps to the caller's principals: a colleague's private document is found by its owner only", async () => {
    await ingest([{ id: 'private', body: '# Private\n\nThe quokka salary review notes.\n' }], ['user:alice']);
    const as = (principals: string[]) => searchMemory(memory, { q: 'quokka salary', workspaceId: 'ws', principals, limit: 3 });
    expect((await as(['*', 'user:alice'])).hits[0]?.title).toBe('Private');
    expect((await as(['*', 'user:bob'])).hits.map((h) => h.title)).not.toContain('Private');
  });

  it('hands back to the process a search it cannot answer', async () => {
    const { inProcess } = memory.searchThread!.counts();
    // A table the thread cannot open (it never creates one): the process answers, from its own table object.
    const source = memory.searchIndex();
    const stub = { ...source, table: { ...source.table, name: 'chunks_missing_table' } };
    const { hits } = await memory.searchThread!.search(stub, { q: 'invoice terms', workspaceId: 'ws', principals: ['*'], limit: 3 });
    expect(hits.length).toBeGreaterThan(0);
    expect(memory.searchThread!.counts().inProcess).toBe(inProcess + 1);
    expect(memory.searchThread!.ready()).toBe(true);
  });
});
