/**
 * One live event stream per tab (GET /api/events, server-sent events): the browser's EventSource
 * reconnects by itself and resumes with Last-Event-ID, so no event is lost across short drops. Pages and
 * the shell subscribe with `onLiveEvent`; nothing else opens a stream.
 */

import type { LiveEvent } from './events-types.js';

export type { LiveEvent };

type Listener = (event: LiveEvent) => void;

const listeners = new Set<Listener>();
let source: EventSource | undefined;
let users = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

/** This tab's id: presence entries are per tab, and end when this tab's stream closes. */
export const tabId = `tab_${randomId()}`;

function dispatch(event: LiveEvent) {
  for (const l of [...listeners]) {
    try {
      l(event);
    } catch (err) {
      console.error('live event listener failed', err);
    }
  }
}

/** A made-up event telling listeners to refetch everything (the server could not replay what was missed). */
const resyncEvent = (): LiveEvent => ({ id: 0, type: 'stream.resync', workspaceId: '', resource: { kind: 'stream', id: '' }, data: {}, at: new Date().toISOString() });

function open() {
  if (source || typeof EventSource === 'undefined') return;
  const es = new EventSource(`/api/events?tab=${tabId}`, { withCredentials: true });
  source = es;
  es.addEventListener('message', (m: MessageEvent<string>) => {
    try {
      dispatch(JSON.parse(m.data) as LiveEvent);
    } catch {
      // Not ours: ignore.
    }
  });
  es.addEventListener('resync', () => dispatch(resyncEvent()));
  // Access changed (signed out, removed, switched workspace) or the server refused: start over shortly.
  const restart = () => {
    if (source !== es) return;
    es.close();
    source = undefined;
    clearTimeout(retryTimer);
    if (users > 0) retryTimer = setTimeout(open, 3000);
  };
  es.addEventListener('end', restart);
  es.addEventListener('error', () => {
    // CONNECTING: the browser retries by itself (with Last-Event-ID). CLOSED: it gave up (e.g. 401/503).
    if (es.readyState === EventSource.CLOSED) restart();
  });
}

/** Opens the tab's stream while at least one caller holds it; returns the release function. */
export function holdLiveEvents(): () => void {
  users++;
  open();
  return () => {
    users--;
    if (users > 0) return;
    clearTimeout(retryTimer);
    source?.close();
    source = undefined;
  };
}

/** Calls `listener` for every event this tab receives; returns the unsubscribe function. */
export function onLiveEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
