import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { isEmptyDocument, toDefinition, type DefinitionJson } from '../../../../../src/collab/model';
import { collabServerUrl } from './editorApi';

/** What each editor tells the others (y-protocols awareness). */
export interface PresenceState {
  user: { id: string; name: string; color: string };
  selected: string | null;
  cursor: { x: number; y: number } | null;
}

export interface Peer extends PresenceState {
  clientId: number;
}

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

// Dark enough for white text (WCAG AA contrast on small badges).
const colors = ['#c92a2a', '#5f3dc4', '#1864ab', '#0b6e4f', '#862e9c', '#a61e4d', '#364fc7', '#2b6b30'];
export const colorFor = (id: string) => colors[[...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % colors.length] ?? '#1864ab';

/**
 * The workflow's co-edited draft: a Y.Doc synced with the server over the WebSocket and kept in
 * IndexedDB, so edits made offline are still there after a reload and merge when the socket is back.
 */
export function useDraft(workflowId: string, me: { id: string; name: string } | undefined) {
  const [session] = useState(() => {
    const doc = new Y.Doc();
    const local = new IndexeddbPersistence(`atom-workflow-draft-${workflowId}`, doc);
    const provider = new WebsocketProvider(collabServerUrl(workflowId), 'collab', doc, { disableBc: true, maxBackoffTime: 2000, connect: navigator.onLine });
    return { doc, local, provider };
  });
  const { doc, provider } = session;

  // A socket can look open for a long while after the network is gone (until TCP or y-websocket's 30 s
  // watchdog gives up), so the browser's own offline/online events end and restart the connection: the
  // editor says "offline" at once, and on reconnecting the sync exchange sends what was edited meanwhile.
  useEffect(() => {
    const offline = () => provider.disconnect();
    const online = () => provider.connect();
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }, [provider]);

  useEffect(
    () => () => {
      session.provider.destroy();
      void session.local.destroy();
      session.doc.destroy();
    },
    [session],
  );

  useEffect(() => {
    if (me) provider.awareness.setLocalStateField('user', { id: me.id, name: me.name, color: colorFor(me.id) });
  }, [me, provider]);

  // The document's version: bumps on every change, local or remote.
  const version = useSyncExternalStore(
    (notify) => {
      doc.on('update', notify);
      return () => doc.off('update', notify);
    },
    () => Y.encodeStateVector(doc).join(','),
  );
  const definition: DefinitionJson | undefined = useMemo(() => (isEmptyDocument(doc) || !version ? undefined : toDefinition(doc)), [doc, version]);

  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [synced, setSynced] = useState(false);
  useEffect(() => {
    const onStatus = ({ status: s }: { status: ConnectionStatus }) => setStatus(s);
    const onSync = (s: boolean) => setSynced((was) => was || s);
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    // The socket may have connected before this effect subscribed.
    setStatus(provider.wsconnected ? 'connected' : provider.wsconnecting ? 'connecting' : 'disconnected');
    if (provider.synced) setSynced(true);
    return () => {
      provider.off('status', onStatus);
      provider.off('sync', onSync);
    };
  }, [provider]);

  const [peers, setPeers] = useState<Peer[]>([]);
  useEffect(() => {
    const read = () => {
      const out: Peer[] = [];
      provider.awareness.getStates().forEach((state, clientId) => {
        const s = state as Partial<PresenceState>;
        if (clientId !== doc.clientID && s.user) out.push({ clientId, user: s.user, selected: s.selected ?? null, cursor: s.cursor ?? null });
      });
      setPeers(out);
    };
    provider.awareness.on('change', read);
    read();
    return () => provider.awareness.off('change', read);
  }, [provider, doc]);

  const setPresence = (patch: Partial<Pick<PresenceState, 'selected' | 'cursor'>>) => {
    for (const [k, v] of Object.entries(patch)) provider.awareness.setLocalStateField(k, v);
  };

  return { doc, definition, status, synced, peers, setPresence };
}
