import type { LiveEvent } from './events-types.js';

// What a live event changes on the page: which cached queries go stale, and which deserve a toast.
// No @tanstack/react-query import on purpose: a Node unit test compiles this file, and the query
// library's types drag React's DOM declarations into the server typecheck project. TanStack's
// QueryClient satisfies the structural interface below.

/** A query key as TanStack Query stores it. */
export type QueryKey = readonly unknown[];

/** The part of TanStack's QueryClient this module uses. */
export interface QueryInvalidator {
  invalidateQueries(filters: { queryKey: QueryKey }): unknown;
}


/**
 * Which cached queries an event makes stale (pure, unit-testable): the pages refetch what they show
 * instead of polling.
 */
export function keysToInvalidate(event: LiveEvent): QueryKey[] {
  const runId = typeof event.data['runId'] === 'string' ? event.data['runId'] : undefined;
  if (event.type === 'stream.resync') return [[]];
  if (event.type === 'run.started' || event.type === 'run.finished') return [['runs'], ['home-runs'], ...(runId ? [['run', runId]] : [])];
  if (event.type === 'run.step_finished') return runId ? [['run', runId]] : [];
  if (event.type.startsWith('memory.sync.')) return [['memory'], ['home-memory']];
  if (event.type === 'connection.health_changed') return [['integrations', 'connections'], ['integrations', 'connection', event.resource.id], ['home-connections']];
  if (event.type.startsWith('notification.')) return [['notifications']];
  if (event.type === 'audit.entry') return [['audit']];
  return [];
}

/** Invalidates per key at most every `ms` (a busy run finishes many steps a second). */
export function batchedInvalidator(client: QueryInvalidator, ms = 150) {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (keys: QueryKey[]) => {
    for (const k of keys) pending.set(JSON.stringify(k), k);
    if (timer || pending.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      const keysNow = [...pending.values()];
      pending.clear();
      for (const queryKey of keysNow) void client.invalidateQueries({ queryKey });
    }, ms);
  };
}

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);

/** The toast a background event deserves, if any: finished runs someone started by hand, failures always. */
export function toastFor(event: LiveEvent): { id: string; title: string; message: string; color: string } | undefined {
  const d = event.data;
  if (event.type === 'run.finished') {
    const name = str(d['workflowName'], 'A workflow');
    const status = str(d['status']);
    const error = d['error'] && typeof d['error'] === 'object' ? str((d['error'] as { message?: unknown }).message) : '';
    if (status === 'failed') return { id: `run-${event.resource.id}`, title: `${name} failed`, message: error || 'Open the run to see the failed step.', color: 'red' };
    if (status === 'succeeded' && ['manual', 'test'].includes(str(d['triggerType']))) return { id: `run-${event.resource.id}`, title: `${name} finished`, message: 'The run succeeded.', color: 'green' };
  }
  if (event.type === 'memory.sync.failed') {
    return { id: `sync-${event.resource.id}`, title: `Sync of ${str(d['name'], 'a source')} failed`, message: str(d['error'], 'See Memory → Sources.'), color: 'red' };
  }
  return undefined;
}
