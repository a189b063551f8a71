import type { Kysely } from 'kysely';
import { perDatabase, type Database } from '../../platform/index.js';
import type { ConnectionStatus } from './connection-repository.js';

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
// Per database (a test process holds several apps): the health store is handed only `db`.
const healthListeners = perDatabase(() => new Set<Listener>());

/** Tells `listener` of every health status change this process records in `db` (live views); returns unsubscribe. */
export function onConnectionHealthChanged(db: Kysely<Database>, listener: Listener): () => void {
  const listeners = healthListeners(db);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function tellHealthListeners(db: Kysely<Database>, change: ConnectionHealthChange): void {
  for (const l of healthListeners(db)) {
    try {
      l(change);
    } catch {
      // A listener never fails the call that was measured.
    }
  }
}

/** Whether anyone listens (the change lookup is skipped otherwise). */
export const listenedTo = (db: Kysely<Database>): boolean => healthListeners(db).size > 0;
