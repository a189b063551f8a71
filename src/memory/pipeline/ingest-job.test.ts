import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../../test/support/context.js';
import { createMemory, type Memory } from '../memory.js';
import type { IncomingFile } from './ingest-file.js';
import { startIngestJob } from './ingest-job.js';

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
      expect(p.status).toBe('failed');
      expect(p.error).toContain('disk full');
      expect(p.indexed).toBe(0);
    } finally {
      table.appendNew = original;
    }
  });
});
