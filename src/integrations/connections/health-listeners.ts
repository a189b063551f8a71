import type { ConnectionStatus } from './repository.js';

/** A connection's health status changed (healthy → degraded → error, expired, …). */
export interface ConnectionHealthChange {
  workspaceId: string;
  connectionId: string;
  /** The owner of a personal connection; null for a workspace-shared one. */
  userId: string | null;
  serviceId: string;
  label: string;
  from: ConnectionStatus;
  to: ConnectionStatus;
  error: { code: string | null; message: string } | null;
}

type Listener = (change: ConnectionHealthChange) => void;
const listeners = new Set<Listener>();

/** Tells `listener` of every health status change recorded in this process (live views); returns unsubscribe. */
export function onConnectionHealthChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function tellHealthListeners(change: ConnectionHealthChange): void {
  for (const l of listeners) {
    try {
      l(change);
    } catch {
      // A listener never fails the call that was measured.
    }
  }
}

/** Whether anyone listens (the change lookup is skipped otherwise). */
export const listenedTo = (): boolean => listeners.size > 0;
