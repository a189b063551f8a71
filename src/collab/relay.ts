import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../platform/index.js';
import type { Redis } from '../platform/redis/index.js';

/** What one API replica tells the others about a document: a Yjs update or an awareness update. */
export interface RelayMessage {
  kind: 'update' | 'awareness';
  data: Uint8Array;
}

export type RelayListener = (workflowId: string, message: RelayMessage) => void;

/** Fans document updates out to the other API replicas (queue mode); in-process it does nothing. */
export interface CollabRelay {
  publish(workflowId: string, message: RelayMessage): void;
  /** Starts receiving a document's messages from other replicas. */
  join(workflowId: string): Promise<void>;
  leave(workflowId: string): void;
  close(): Promise<void>;
}

const wire = z.object({ from: z.string(), kind: z.enum(['update', 'awareness']), data: z.string() });

export const localRelay = (): CollabRelay => ({ publish: () => undefined, join: async () => undefined, leave: () => undefined, close: async () => undefined });

/**
 * Redis pub/sub, one channel per document, so a replica only hears about documents someone edits
 * through it. Messages carry the sender's id so a replica ignores its own.
 */
export function redisRelay(redis: Redis, options: { prefix: string; logger: Logger; onMessage: RelayListener }): CollabRelay {
  const self = randomUUID();
  const channelOf = (workflowId: string) => `${options.prefix}:collab:${workflowId}`;
  const sub = redis.duplicate({ lazyConnect: false, enableOfflineQueue: true, maxRetriesPerRequest: null, connectionName: 'atom-collab' });
  sub.on('error', () => undefined);
  sub.on('message', (channel: string, text: string) => {
    const workflowId = channel.slice(`${options.prefix}:collab:`.length);
    let parsed;
    try {
      parsed = wire.parse(JSON.parse(text));
    } catch (err) {
      options.logger.warn({ err }, 'collab: ignored a malformed relay message');
      return;
    }
    if (parsed.from === self) return;
    options.onMessage(workflowId, { kind: parsed.kind, data: new Uint8Array(Buffer.from(parsed.data, 'base64')) });
  });

  return {
    publish(workflowId, message) {
      const text = JSON.stringify({ from: self, kind: message.kind, data: Buffer.from(message.data).toString('base64') });
      const send = async () => {
        if (redis.status === 'wait') await redis.connect().catch(() => undefined);
        await redis.publish(channelOf(workflowId), text);
      };
      send().catch((err: unknown) => options.logger.warn({ err }, 'collab: could not relay an update'));
    },
    async join(workflowId) {
      await sub.subscribe(channelOf(workflowId));
    },
    leave(workflowId) {
      void sub.unsubscribe(channelOf(workflowId)).catch(() => undefined);
    },
    async close() {
      await sub.quit().catch(() => sub.disconnect());
    },
  };
}
