import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Logger } from '../platform/index.js';
import type { CollabStore } from './collab-doc-repository.js';
import { isEmptyDocument, seedDocument, type DefinitionInput } from './model.js';
import type { CollabRelay, RelayMessage } from './relay.js';

// Message types of the y-websocket protocol (what the browser's WebsocketProvider speaks).
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;
/** Appended updates folded into the snapshot after this many. */
const COMPACT_EVERY = 100;

/** One connected editor (a browser tab). */
export interface Peer {
  userId: string;
  /** Shown to the others; the server stamps it on the peer's awareness so nobody can pose as someone else. */
  userName: string;
  canWrite: boolean;
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
}

interface Room {
  workflowId: string;
  workspaceId: string;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  peers: Map<Peer, Set<number>>;
  /** Holders: peers plus short-lived users (saving a version). The room closes at zero. */
  refs: number;
  /** Persistence runs in arrival order; saving awaits it. */
  writes: Promise<void>;
  sinceCompact: number;
}

export interface CollabHubOptions {
  store: CollabStore;
  relay: CollabRelay;
  logger: Logger;
  /** The workflow's latest saved version, to seed a new document from. */
  latestVersion(workspaceId: string, workflowId: string): Promise<{ version: number; definition: DefinitionInput }>;
}

const REMOTE = Symbol('remote');
const LOAD = Symbol('load');

/**
 * Live co-edited documents of this process: one room per workflow being edited, holding the Y.Doc and
 * the awareness (who is there, what they selected). Updates from a peer are applied, sent to the other
 * peers, appended to the database and relayed to the other replicas.
 */
export function createCollabHub(options: CollabHubOptions) {
  const { store, relay, logger } = options;
  const rooms = new Map<string, Promise<Room>>();

  const frame = (type: number, write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, type);
    write(e);
    return encoding.toUint8Array(e);
  };
  const broadcast = (room: Room, data: Uint8Array) => {
    for (const peer of room.peers.keys()) peer.send(data);
  };

  async function openRoom(workspaceId: string, workflowId: string): Promise<Room> {
    await relay.join(workflowId);
    const doc = new Y.Doc({ gc: true });
    const stored = await store.load(workflowId);
    if (stored.state) Y.applyUpdate(doc, stored.state, LOAD);
    const latest = await options.latestVersion(workspaceId, workflowId);
    // Seed from the saved version when new, or when a later version was saved outside the editor and
    // nobody has unsaved co-edits. Seeding in place (deleting, then writing) keeps offline copies mergeable.
    if (isEmptyDocument(doc) || (latest.version > stored.baseVersion && stored.authors.length === 0)) {
      seedDocument(doc, latest.definition, LOAD);
      await store.reset(workspaceId, workflowId, Y.encodeStateAsUpdate(doc), latest.version);
    }
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
    const room: Room = { workflowId, workspaceId, doc, awareness, peers: new Map(), refs: 0, writes: Promise.resolve(), sinceCompact: stored.pending };

    doc.on('update', (update: Uint8Array, origin: unknown) => {
      broadcast(room, frame(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update)));
      if (origin === REMOTE || origin === LOAD) return;
      const author = room.peers.has(origin as Peer) ? (origin as Peer).userId : null;
      // Persisted before relaying, so a replica that opens the document after the relay finds it stored.
      room.writes = room.writes
        .then(() => store.append(workspaceId, workflowId, update, author))
        .then(() => relay.publish(workflowId, { kind: 'update', data: update }))
        .then(async () => {
          room.sinceCompact += 1;
          if (room.sinceCompact >= COMPACT_EVERY) {
            room.sinceCompact = 0;
            await store.compact(workflowId);
          }
        })
        .catch((err: unknown) => logger.error({ err, workflowId }, 'collab: could not store an update'));
    });

    awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const peerIds = room.peers.get(origin as Peer);
      if (peerIds) {
        for (const id of added) peerIds.add(id);
        for (const id of removed) peerIds.delete(id);
      }
      const changed = [...added, ...updated, ...removed];
      const update = awarenessProtocol.encodeAwarenessUpdate(awareness, changed);
      broadcast(room, frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update)));
      if (origin !== REMOTE) relay.publish(workflowId, { kind: 'awareness', data: update });
    });
    return room;
  }

  async function acquire(workspaceId: string, workflowId: string): Promise<Room> {
    let pending = rooms.get(workflowId);
    if (!pending) {
      pending = openRoom(workspaceId, workflowId);
      rooms.set(workflowId, pending);
      pending.catch(() => {
        rooms.delete(workflowId);
        relay.leave(workflowId);
      });
    }
    const room = await pending;
    room.refs += 1;
    return room;
  }

  async function release(room: Room): Promise<void> {
    room.refs -= 1;
    if (room.refs > 0) return;
    rooms.delete(room.workflowId);
    relay.leave(room.workflowId);
    room.awareness.destroy();
    await room.writes;
    await store.compact(room.workflowId).catch((err: unknown) => logger.warn({ err }, 'collab: compaction failed'));
    room.doc.destroy();
  }

  function onPeerMessage(room: Room, peer: Peer, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const sub = decoding.readVarUint(decoder);
      if (sub === syncProtocol.messageYjsSyncStep1) syncProtocol.readSyncStep1(decoder, reply, room.doc);
      // Viewers receive the document but their changes are not taken.
      else if (sub === syncProtocol.messageYjsSyncStep2 && peer.canWrite) syncProtocol.readSyncStep2(decoder, room.doc, peer);
      else if (sub === syncProtocol.messageYjsUpdate && peer.canWrite) syncProtocol.readUpdate(decoder, room.doc, peer);
      if (encoding.length(reply) > 1) peer.send(encoding.toUint8Array(reply));
    } else if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(room.awareness, stampIdentity(decoding.readVarUint8Array(decoder), peer), peer);
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      peer.send(frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()]))));
    }
  }

  return {
    /**
     * Connects a peer to a workflow's document. Messages that arrive while the document loads are
     * queued. Returns the handlers the socket calls.
     */
    connect(workspaceId: string, workflowId: string, peer: Peer): { message(data: Uint8Array): void; close(): void } {
      const queued: Uint8Array[] = [];
      let room: Room | undefined;
      let closed = false;
      const handle = (data: Uint8Array) => {
        if (!room) return void queued.push(data);
        try {
          onPeerMessage(room, peer, data);
        } catch (err) {
          logger.warn({ err, workflowId }, 'collab: closed a connection that sent a malformed message');
          peer.close(1003, 'malformed message');
        }
      };
      acquire(workspaceId, workflowId)
        .then((r) => {
          if (closed) return void release(r);
          room = r;
          r.peers.set(peer, new Set());
          // The server starts the sync (its state vector), then tells the newcomer who is already there.
          peer.send(frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, r.doc)));
          const states = [...r.awareness.getStates().keys()];
          if (states.length) peer.send(frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(r.awareness, states))));
          for (const data of queued.splice(0)) handle(data);
        })
        .catch((err: unknown) => {
          logger.error({ err, workflowId }, 'collab: could not open the document');
          peer.close(1011, 'could not open the document');
        });
      return {
        message: handle,
        close() {
          closed = true;
          if (!room) return;
          const ids = room.peers.get(peer);
          room.peers.delete(peer);
          if (ids?.size) awarenessProtocol.removeAwarenessStates(room.awareness, [...ids], null);
          void release(room);
        },
      };
    },

    /** Runs `fn` with the workflow's document (opened for the call when nobody is editing it). */
    async withDocument<T>(workspaceId: string, workflowId: string, fn: (doc: Y.Doc, flush: () => Promise<void>) => Promise<T>): Promise<T> {
      const room = await acquire(workspaceId, workflowId);
      try {
        return await fn(room.doc, () => room.writes);
      } finally {
        await release(room);
      }
    },

    /** A message from another replica. */
    receive(workflowId: string, message: RelayMessage): void {
      void rooms.get(workflowId)?.then((room) => {
        if (message.kind === 'update') Y.applyUpdate(room.doc, message.data, REMOTE);
        else awarenessProtocol.applyAwarenessUpdate(room.awareness, message.data, REMOTE);
      });
    },

    /** Waits for every pending write (shutdown). */
    async flush(): Promise<void> {
      for (const pending of rooms.values()) await (await pending.catch(() => undefined))?.writes;
    },

    openRooms: () => rooms.size,
  };
}

export type CollabHub = ReturnType<typeof createCollabHub>;

/**
 * Rewrites the `user` of each state in an awareness update to the peer's real identity (keeping the
 * colour it chose). The encoding is y-protocols': count, then (client id, clock, JSON state) entries.
 */
export function stampIdentity(update: Uint8Array, peer: Pick<Peer, 'userId' | 'userName'>): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const encoder = encoding.createEncoder();
  const count = decoding.readVarUint(decoder);
  encoding.writeVarUint(encoder, count);
  for (let i = 0; i < count; i++) {
    encoding.writeVarUint(encoder, decoding.readVarUint(decoder));
    encoding.writeVarUint(encoder, decoding.readVarUint(decoder));
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    if (state && typeof state === 'object') {
      const s = state as { user?: unknown };
      const claimed = (s.user && typeof s.user === 'object' ? s.user : {}) as { color?: unknown };
      const color = typeof claimed.color === 'string' ? claimed.color : undefined;
      s.user = { id: peer.userId, name: peer.userName, ...(color ? { color } : {}) };
    }
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}
