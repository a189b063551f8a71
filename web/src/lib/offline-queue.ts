import { api, isNetworkError, type RequestOptions } from './api';

/**
 * Mutations made while offline (chat messages, workflow edits) are kept in localStorage and sent, in
 * order, when the browser is back online. Each carries an idempotency key so a replay after a lost
 * answer cannot apply twice on servers that honour it.
 */
export interface QueuedMutation {
  id: string;
  path: string;
  options: RequestOptions;
  queuedAt: string;
  label: string;
}

const KEY = 'atom.offline-queue.v1';
type Listener = (queue: QueuedMutation[]) => void;
const listeners = new Set<Listener>();

export function readQueue(): QueuedMutation[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as QueuedMutation[];
  } catch {
    return [];
  }
}

function writeQueue(queue: QueuedMutation[]) {
  localStorage.setItem(KEY, JSON.stringify(queue));
  for (const l of listeners) l(queue);
}

export function onQueueChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Sends now when possible; when the network is down, queues and resolves with `{ queued: true }`. */
export async function mutate<T>(path: string, options: RequestOptions, label: string): Promise<{ queued: false; result: T } | { queued: true }> {
  const id = crypto.randomUUID();
  const withKey: RequestOptions = { ...options, headers: { ...options.headers, 'idempotency-key': id } };
  if (navigator.onLine) {
    try {
      return { queued: false, result: await api<T>(path, withKey) };
    } catch (e) {
      if (!isNetworkError(e)) throw e;
    }
  }
  writeQueue([...readQueue(), { id, path, options: withKey, queuedAt: new Date().toISOString(), label }]);
  return { queued: true };
}

let flushing: Promise<number> | undefined;

/** Sends queued mutations in order; stops at the first network failure (still offline) and keeps the rest. */
export function flushQueue(): Promise<number> {
  flushing ??= (async () => {
    let sent = 0;
    try {
      for (;;) {
        const [next, ...rest] = readQueue();
        if (!next) break;
        try {
          await api(next.path, next.options);
        } catch (e) {
          if (isNetworkError(e)) break;
          // The server refused it (e.g. validation): drop it rather than block the queue forever.
        }
        writeQueue(rest);
        sent++;
      }
    } finally {
      flushing = undefined;
    }
    return sent;
  })();
  return flushing;
}
