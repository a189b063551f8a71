import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../../test/support/context.js';
import { createMemory, type Memory } from '../memory.js';
import type { IncomingFile } from './ingest-file.js';
import { INGEST_UNEXPECTED, STORE_WRITE_FAILED, startIngestJob } from './ingest-job.js';

describe.each(dialects)('ingest job with commits behind the workers on %s', (dialect) => {
  let t: TestContext;
  let memory: Memory;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    memory = await createMemory(t.ctx);
  });
  afterAll(async () => {
    await memory.close();
    await t.cleanup();
  });

  const text = (i: number, v: string) => new TextEncoder().encode(`# Note ${i}\n\nWing flutter ${v} at transonic speed, boundary layer ${i}.\n`);

  it('stores every file once, and the same file twice in one job ends as its last version without duplicates', async () => {
    const connection = await memory.connections.ensure('ws-job', 'upload', 'job');
    const files: IncomingFile[] = Array.from({ length: 40 }, (_, i) => ({ connection, externalId: `n-${i}`, name: `n-${i}.md`, principals: ['*'], load: async () => text(i, 'first') }));
    // The same external id again right behind the first, with other content, while the first is still committing.
    files.splice(4, 0, { connection, externalId: 'n-3', name: 'n-3.md', principals: ['*'], load: async () => text(3, 'second') });
    const job = startIngestJob(memory, { workspaceId: 'ws-job', label: 'test', files, total: files.length, concurrency: 4 });
    const p = await job.done;
    expect(p.status).toBe('finished');
    expect(p.done).toBe(41);
    expect(p.indexed).toBe(41);
    const docs = await memory.documents.list('ws-job', ['*'], { connectionId: connection.id, limit: 100 });
    expect(docs).toHaveLength(40);
    expect(docs.every((d) => d.status === 'indexed')).toBe(true);
    const stored = await memory.index.table.countRows(`connection_id = '${connection.id}'`);
    expect(stored).toBe(docs.reduce((s, d) => s + Number(d.chunk_count), 0));
    const n3 = await memory.index.table.scan(`external_id = 'n-3' AND connection_id = '${connection.id}'`, ['text'], 10, 0);
    expect(n3.map((r) => String(r['text'])).join(' ')).toContain('second');
    expect(n3.map((r) => String(r['text'])).join(' ')).not.toContain('first');
  });

  it('fails the job when a store write fails, after every commit settled', async () => {
    const connection = await memory.connections.ensure('ws-job', 'upload', 'job-fail');
    const table = memory.index.table;
    const original = table.appendNew;
    table.appendNew = () => Promise.reject(new Error('disk full'));
    try {
      const files: IncomingFile[] = Array.from({ length: 6 }, (_, i) => ({ connection, externalId: `f-${i}`, name: `f-${i}.md`, principals: ['*'], load: async () => text(i, 'x') }));
      const p = await startIngestJob(memory, { workspaceId: 'ws-job', label: 'test', files, total: files.length, concurrency: 2 }).done;
      // Storage broken for everything: the job fails with the reason, and each file it tried is counted
      // as failed with a code (none silently dropped).
      expect(p.status).toBe('failed');
      expect(p.error).toContain('disk full');
      expect(p.indexed).toBe(0);
      expect(p.failed).toBeGreaterThan(0);
      expect(p.done).toBe(p.failed);
      expect(p.failures.every((f) => f.code === STORE_WRITE_FAILED && f.reason.includes('disk full'))).toBe(true);
      // (Every upload shares the workspace's one upload connection: keep to this test's files.)
      const recorded = await t.ctx.db.selectFrom('memory_failures').select(['external_id', 'code']).where('connection_id', '=', connection.id).where('external_id', 'like', 'f-%').execute();
      expect(recorded).toHaveLength(p.failed);
      expect(recorded.every((r) => r.code === STORE_WRITE_FAILED)).toBe(true);
    } finally {
      table.appendNew = original;
    }
  });

  it('counts a file whose write fails as failed with a code and goes on with the others', async () => {
    const connection = await memory.connections.ensure('ws-job', 'upload', 'job-one-fail');
    const table = memory.index.table;
    const original = table.appendNew.bind(table);
    let failNext = true;
    // The first write (the first file alone: the batcher sends the first write at once) fails, later ones work.
    table.appendNew = (rows) => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('lance: io error writing fragment'));
      }
      return original(rows);
    };
    try {
      const files: IncomingFile[] = Array.from({ length: 8 }, (_, i) => ({ connection, externalId: `o-${i}`, name: `o-${i}.md`, principals: ['*'], load: async () => text(i, 'y') }));
      const p = await startIngestJob(memory, { workspaceId: 'ws-job', label: 'test', files, total: files.length, concurrency: 1 }).done;
      expect(p.status).toBe('finished');
      expect(p.done).toBe(8);
      expect(p.failed).toBeGreaterThanOrEqual(1);
      expect(p.indexed).toBe(8 - p.failed);
      expect(p.indexed).toBeGreaterThan(0);
      expect(p.failures[0]).toMatchObject({ code: STORE_WRITE_FAILED, reason: expect.stringContaining('lance: io error') });
      const failedNames = new Set(p.failures.map((f) => f.name));
      const recorded = await t.ctx.db.selectFrom('memory_failures').select('name').where('connection_id', '=', connection.id).where('external_id', 'like', 'o-%').execute();
      expect(new Set(recorded.map((r) => r.name))).toEqual(failedNames);
      // The files that went through are searchable as usual.
      const docs = await memory.documents.list('ws-job', ['*'], { connectionId: connection.id, limit: 100 });
      expect(docs.filter((d) => d.external_id.startsWith('o-') && d.status === 'indexed')).toHaveLength(p.indexed);
    } finally {
      table.appendNew = original;
    }
  });

  it('counts a file that hits a database error before the write as failed and goes on', async () => {
    const connection = await memory.connections.ensure('ws-job', 'upload', 'job-db-fail');
    const documents = memory.documents;
    const original = documents.findByExternal;
    documents.findByExternal = (connectionId, externalId) => (externalId === 'd-2' ? Promise.reject(new Error('connection terminated unexpectedly')) : original.call(documents, connectionId, externalId));
    try {
      const files: IncomingFile[] = Array.from({ length: 5 }, (_, i) => ({ connection, externalId: `d-${i}`, name: `d-${i}.md`, principals: ['*'], load: async () => text(i, 'z') }));
      const p = await startIngestJob(memory, { workspaceId: 'ws-job', label: 'test', files, total: files.length, concurrency: 2 }).done;
      expect(p.status).toBe('finished');
      expect(p).toMatchObject({ done: 5, indexed: 4, failed: 1 });
      expect(p.failures).toEqual([{ name: 'd-2.md', code: INGEST_UNEXPECTED, reason: expect.stringContaining('connection terminated unexpectedly') }]);
    } finally {
      documents.findByExternal = original;
    }
  });
});
