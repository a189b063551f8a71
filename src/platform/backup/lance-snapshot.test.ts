import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshotLance } from './lance-snapshot.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'atom-lance-'));
  dirs.push(d);
  return d;
};
const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: from + i, text: `row ${from + i}`, vector: [from + i, 1, 0, 0] }));

describe('LanceDB snapshot at a pinned version', () => {
  it('copies each table as of its version when the backup started, while writes go on', async () => {
    const source = temp();
    const conn = await lancedb.connect(source);
    const table = await conn.createTable('chunks', rows(0, 50));
    await conn.createTable('other', rows(0, 3));

    // A writer appending batches for the whole duration of the snapshot.
    let writing = true;
    let written = 50;
    const writer = (async () => {
      while (writing) {
        await table.add(rows(written, 10));
        written += 10;
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const target = temp();
    const { pinned, copiedAsIs } = await snapshotLance(source, target);
    expect(copiedAsIs).toEqual([]);
    writing = false;
    await writer;

    expect(Object.keys(pinned).sort()).toEqual(['chunks', 'other']);
    const copy = await lancedb.connect(target);
    const copied = await copy.openTable('chunks');
    const copiedRows = await copied.countRows();
    // Exactly the pinned version's rows: not a torn mix of later commits.
    await table.checkout(pinned['chunks'] as number);
    expect(copiedRows).toBe(await table.countRows());
    await table.checkoutLatest();
    expect(await table.countRows()).toBe(written);
    expect(written).toBeGreaterThan(copiedRows);
    const ids = (await copied.query().select(['id']).toArray()).map((r: { id: number }) => r.id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: copiedRows }, (_, i) => i));
    expect(await (await copy.openTable('other')).countRows()).toBe(3);
    // The backup's tag does not linger in the source (it would keep old files from cleanup forever).
    expect(Object.keys(await (await table.tags()).list())).toEqual([]);
    copy.close();
    conn.close();
  });
});
