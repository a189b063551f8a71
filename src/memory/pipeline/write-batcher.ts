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
export function createWriteBatcher(table: ChunkTable, options: { maxRows?: number } = {}) {
  const maxRows = options.maxRows ?? 8000;
  let pending: Pending[] = [];
  let inFlight: Promise<void> | undefined;

  // Group commit: the first write goes out at once; writes arriving while it runs are gathered and go
  // out together as soon as it finishes. Latency stays low when idle, batches grow under load.
  const writeBatch = async (batch: Pending[]) => {
    const settle = async (group: Pending[], write: () => Promise<void>) => {
      if (group.length === 0) return;
      try {
        await write();
        group.forEach((p) => p.resolve());
      } catch (err) {
        group.forEach((p) => p.reject(err));
      }
    };
    const appends = batch.filter((p) => p.kind === 'append');
    const replaces = batch.filter((p) => p.kind === 'replace');
    await settle(appends, () => table.appendNew(appends.flatMap((p) => p.rows)));
    // The same document twice in one batch: its last version wins.
    const latest = new Map(replaces.map((p) => [p.documentId, p]));
    await settle(replaces, () => table.replaceDocuments([...latest.keys()], [...latest.values()].flatMap((p) => p.rows)));
  };

  const pump = (): Promise<void> => {
    if (inFlight) return inFlight;
    if (pending.length === 0) return Promise.resolve();
    inFlight = (async () => {
      while (pending.length) {
        let rows = 0;
        let n = 0;
        while (n < pending.length && (n === 0 || rows + pending[n]!.rows.length <= maxRows)) rows += pending[n++]!.rows.length;
        const batch = pending.slice(0, n);
        pending = pending.slice(n);
        await writeBatch(batch);
      }
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    write(kind: 'append' | 'replace', documentId: string, docRows: ChunkRow[]): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        pending.push({ kind, documentId, rows: docRows, resolve, reject });
        // Let the writers of the same tick join the batch.
        setImmediate(() => void pump());
      });
    },
    /** Resolves when everything written so far is stored. */
    async flush(): Promise<void> {
      while (inFlight || pending.length) await pump();
    },
  };
}

export type WriteBatcher = ReturnType<typeof createWriteBatcher>;
