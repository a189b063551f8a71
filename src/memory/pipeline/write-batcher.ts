import type { ChunkRow, ChunkTable } from '../store/index.js';

interface Pending {
  kind: 'append' | 'replace';
  documentId: string;
  rows: ChunkRow[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Groups the passages of many documents into few LanceDB writes (one append for new documents, one
 * merge-insert for changed ones), since each write is a new table version and small writes pile up.
 * Each caller's promise settles when the write holding its rows is durable.
 */
export function createWriteBatcher(table: ChunkTable, options: { maxRows?: number; maxDelayMs?: number } = {}) {
  const maxRows = options.maxRows ?? 4000;
  const maxDelayMs = options.maxDelayMs ?? 40;
  let pending: Pending[] = [];
  let rows = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    rows = 0;
    if (batch.length === 0) return flushing;
    flushing = flushing.then(async () => {
      const appends = batch.filter((p) => p.kind === 'append');
      const replaces = batch.filter((p) => p.kind === 'replace');
      const settle = async (group: Pending[], write: () => Promise<void>) => {
        if (group.length === 0) return;
        try {
          await write();
          group.forEach((p) => p.resolve());
        } catch (err) {
          group.forEach((p) => p.reject(err));
        }
      };
      await settle(appends, () => table.appendNew(appends.flatMap((p) => p.rows)));
      // The same document twice in one batch: its last version wins.
      const latest = new Map(replaces.map((p) => [p.documentId, p]));
      await settle(replaces, () => table.replaceDocuments([...latest.keys()], [...latest.values()].flatMap((p) => p.rows)));
    });
    return flushing;
  };

  return {
    write(kind: 'append' | 'replace', documentId: string, docRows: ChunkRow[]): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        pending.push({ kind, documentId, rows: docRows, resolve, reject });
        rows += docRows.length;
        if (rows >= maxRows) void flush();
        else timer ??= setTimeout(() => void flush(), maxDelayMs);
      });
    },
    flush,
  };
}

export type WriteBatcher = ReturnType<typeof createWriteBatcher>;
