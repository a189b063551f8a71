import type { AppContext } from '../../platform/index.js';
import { publish } from '../../realtime/index.js';
import type { MemoryConnection } from '../tables.js';
import type { SyncReport } from './types.js';

/** Progress goes out at most this often; start, finish and failure always. */
const PROGRESS_EVERY_MS = 1000;

/**
 * A source's sync as live events (memory page, toasts): readable by whoever may read memory, as
 * GET /api/memory/connections is. Fire-and-forget: an event never fails a sync. A sync run as a job
 * (`jobId`) sends its progress events through its progress reporter (sync-progress.ts) instead.
 */
export function syncLiveEvents(ctx: AppContext, connection: Pick<MemoryConnection, 'id' | 'workspace_id' | 'name' | 'kind'>, jobId?: string) {
  const counts = { done: 0, indexed: 0, unchanged: 0, failed: 0 };
  let lastSent = 0;
  const send = (type: string, data: Record<string, unknown>) =>
    void publish(ctx, {
      workspaceId: connection.workspace_id,
      type,
      resource: { kind: 'memory_source', id: connection.id },
      permission: 'memory:read',
      data: { connectionId: connection.id, name: connection.name, source: connection.kind, ...(jobId ? { jobId } : {}), ...data },
    });
  return {
    started: () => send('memory.sync.started', {}),
    progress(outcome: string, file: string) {
      counts.done++;
      if (outcome === 'indexed') counts.indexed++;
      else if (outcome === 'unchanged') counts.unchanged++;
      else counts.failed++;
      if (Date.now() - lastSent < PROGRESS_EVERY_MS) return;
      lastSent = Date.now();
      send('memory.sync.progress', { ...counts, currentFile: file.slice(0, 200) });
    },
    finished: (report: SyncReport) => send('memory.sync.finished', { indexed: report.indexed, unchanged: report.unchanged, failed: report.failed, removed: report.removed }),
    failed: (err: unknown) => send('memory.sync.failed', { ...counts, error: (err instanceof Error ? err.message : String(err)).slice(0, 300) }),
  };
}
