import type { ModelMessage } from 'ai';
import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import { AppError, errors, newId, nowIso, parseJsonColumn, type AppContext } from '../../platform/index.js';
import type { AiConversationsTable, AiMessagesTable, AiPendingCallsTable } from '../tables.js';
import { citationSchema, type Citation } from './chat-tools.js';

export interface Conversation {
  id: string;
  title: string;
  summary: string | null;
  summaryThrough: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoredMessage {
  id: string;
  seq: number;
  message: ModelMessage;
  citations: Citation[];
  via: string;
  createdAt: string;
}

export interface PendingCall {
  id: string;
  conversationId: string;
  toolCallId: string;
  toolName: string;
  input: unknown;
  status: AiPendingCallsTable['status'];
  createdAt: string;
}

const toConversation = (r: Selectable<AiConversationsTable>): Conversation => ({
  id: r.id,
  title: r.title,
  summary: r.summary,
  summaryThrough: Number(r.summary_through),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toMessage = (r: Selectable<AiMessagesTable>): StoredMessage => ({
  id: r.id,
  seq: Number(r.seq),
  message: { role: r.role, content: JSON.parse(r.content) } as ModelMessage,
  citations: parseJsonColumn(z.array(citationSchema), r.citations, { column: 'ai_messages.citations' }),
  via: r.via,
  createdAt: r.created_at,
});

const toPending = (r: Selectable<AiPendingCallsTable>): PendingCall => ({
  id: r.id,
  conversationId: r.conversation_id,
  toolCallId: r.tool_call_id,
  toolName: r.tool_name,
  input: JSON.parse(r.input),
  status: r.status,
  createdAt: r.created_at,
});

/** The longest a chat turn may hold its conversation (see claimTurn). */
const TURN_LEASE_MS = 10 * 60_000;

/** Conversations belong to one user in one workspace; nobody else can read them (404). */
export function createConversationStore(ctx: AppContext) {
  const owned = (workspaceId: string, userId: string) =>
    ctx.db.selectFrom('ai_conversations').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId);

  const store = {
    async create(workspaceId: string, userId: string, title: string): Promise<Conversation> {
      const now = nowIso();
      const row = { id: newId('conv'), workspace_id: workspaceId, user_id: userId, title, summary: null, summary_through: 0, created_at: now, updated_at: now, turn_until: null };
      await ctx.db.insertInto('ai_conversations').values(row).execute();
      return toConversation(row);
    },

    /** A new conversation with its first turn already started (see claimTurn): one statement. */
    async start(workspaceId: string, userId: string, title: string, leaseMs = TURN_LEASE_MS): Promise<{ conversation: Conversation; lease: string }> {
      const now = new Date();
      const lease = new Date(now.getTime() + leaseMs).toISOString();
      const row = { id: newId('conv'), workspace_id: workspaceId, user_id: userId, title, summary: null, summary_through: 0, created_at: now.toISOString(), updated_at: now.toISOString(), turn_until: lease };
      await ctx.db.insertInto('ai_conversations').values(row).execute();
      return { conversation: toConversation(row), lease };
    },

    async list(workspaceId: string, userId: string, limit: number, before?: string): Promise<Conversation[]> {
      let q = owned(workspaceId, userId).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit);
      if (before) q = q.where('updated_at', '<', before);
      return (await q.execute()).map(toConversation);
    },

    async get(workspaceId: string, userId: string, id: string): Promise<Conversation> {
      const r = await owned(workspaceId, userId).where('id', '=', id).executeTakeFirst();
      if (!r) throw errors.notFound('The conversation', 'ai.conversation.not_found');
      return toConversation(r);
    },

    async rename(workspaceId: string, userId: string, id: string, title: string): Promise<Conversation> {
      await store.get(workspaceId, userId, id);
      await ctx.db.updateTable('ai_conversations').set({ title, updated_at: nowIso() }).where('id', '=', id).where('workspace_id', '=', workspaceId).execute();
      return store.get(workspaceId, userId, id);
    },

    async remove(workspaceId: string, userId: string, id: string): Promise<void> {
      await store.get(workspaceId, userId, id);
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('ai_pending_calls').where('conversation_id', '=', id).where('workspace_id', '=', workspaceId).execute();
        await trx.deleteFrom('ai_messages').where('conversation_id', '=', id).where('workspace_id', '=', workspaceId).execute();
        await trx.deleteFrom('ai_conversations').where('id', '=', id).where('workspace_id', '=', workspaceId).execute();
      });
    },

    /**
     * Starts a turn in one of the caller's conversations: one at a time per conversation, on every replica.
     * Two at once (two tabs, a typed and a spoken message) would interleave their messages, so a tool call
     * could be separated from its result, and collide on the next message number. Returns the conversation
     * as the turn found it and the lease to pass to `endTurn`; 404 when it is not the caller's, 409 while
     * another turn holds it. The lease (10 minutes) is far longer than a turn takes; a replica that died
     * mid-turn blocks the conversation for at most that long. The conversation counts as active from now.
     */
    async claimTurn(workspaceId: string, userId: string, conversationId: string, leaseMs = TURN_LEASE_MS): Promise<{ conversation: Conversation; lease: string }> {
      const now = new Date();
      const lease = new Date(now.getTime() + leaseMs).toISOString();
      const r = await ctx.db
        .updateTable('ai_conversations')
        .set({ turn_until: lease, updated_at: now.toISOString() })
        .where('id', '=', conversationId)
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('turn_until', 'is', null), eb('turn_until', '<=', now.toISOString())]))
        .returningAll()
        .executeTakeFirst();
      if (r) return { conversation: toConversation(r), lease };
      await store.get(workspaceId, userId, conversationId);
      throw new AppError('ai.chat.turn_in_progress', 'This conversation is still answering an earlier message; send yours once it has finished.', { status: 409 });
    },

    /**
     * Ends the turn holding `lease` (a lease that expired and was taken over is left alone). The end of a turn
     * is the conversation's latest activity: its messages do not touch the conversation row each.
     */
    async endTurn(workspaceId: string, conversationId: string, lease: string): Promise<void> {
      await ctx.db
        .updateTable('ai_conversations')
        .set({ turn_until: null, updated_at: nowIso() })
        .where('id', '=', conversationId)
        .where('workspace_id', '=', workspaceId)
        .where('turn_until', '=', lease)
        .execute();
    },

    async messages(workspaceId: string, conversationId: string, afterSeq = 0): Promise<StoredMessage[]> {
      const rows = await ctx.db
        .selectFrom('ai_messages')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('conversation_id', '=', conversationId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .execute();
      return rows.map(toMessage);
    },

    async append(workspaceId: string, conversationId: string, message: ModelMessage, extra: { citations?: Citation[]; via?: string } = {}): Promise<StoredMessage> {
      const now = nowIso();
      const row: Omit<Selectable<AiMessagesTable>, 'seq'> = {
        id: newId('msg'),
        conversation_id: conversationId,
        workspace_id: workspaceId,
        role: message.role as AiMessagesTable['role'],
        content: JSON.stringify(message.content),
        citations: JSON.stringify(extra.citations ?? []),
        via: extra.via ?? 'text',
        created_at: now,
      };
      // The next number in the same statement (turns are one at a time per conversation, see claimTurn; a
      // message is only ever added inside a turn, whose start and end mark the conversation active).
      const { seq } = await ctx.db
        .insertInto('ai_messages')
        .values({
          ...row,
          seq: (eb) =>
            eb
              .selectFrom('ai_messages')
              .select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
              .where('conversation_id', '=', conversationId)
              .where('workspace_id', '=', workspaceId),
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      return toMessage({ ...row, seq: Number(seq) });
    },

    async saveSummary(workspaceId: string, conversationId: string, summary: string, through: number): Promise<void> {
      await ctx.db.updateTable('ai_conversations').set({ summary, summary_through: through }).where('id', '=', conversationId).where('workspace_id', '=', workspaceId).execute();
    },

    async addPending(workspaceId: string, userId: string, conversationId: string, call: { toolCallId: string; toolName: string; input: unknown }): Promise<PendingCall> {
      const row: Selectable<AiPendingCallsTable> = {
        id: newId('pend'),
        conversation_id: conversationId,
        workspace_id: workspaceId,
        user_id: userId,
        tool_call_id: call.toolCallId,
        tool_name: call.toolName,
        input: JSON.stringify(call.input ?? {}),
        status: 'pending',
        result: null,
        created_at: nowIso(),
        decided_at: null,
      };
      await ctx.db.insertInto('ai_pending_calls').values(row).execute();
      return toPending(row);
    },

    async pendingOf(workspaceId: string, conversationId: string): Promise<PendingCall[]> {
      const rows = await ctx.db
        .selectFrom('ai_pending_calls')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('conversation_id', '=', conversationId)
        .where('status', '=', 'pending')
        .orderBy('created_at')
        .execute();
      return rows.map(toPending);
    },

    async getPending(workspaceId: string, userId: string, id: string): Promise<PendingCall> {
      const r = await ctx.db.selectFrom('ai_pending_calls').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      if (!r) throw errors.notFound('The pending action', 'ai.pending.not_found');
      return toPending(r);
    },

    /** Moves a pending call to its decision once; false when someone already decided it. */
    async decide(workspaceId: string, id: string, status: 'confirmed' | 'cancelled' | 'failed', result?: unknown): Promise<boolean> {
      const r = await ctx.db
        .updateTable('ai_pending_calls')
        .set({ status, decided_at: nowIso(), result: result === undefined ? null : JSON.stringify(result) })
        .where('id', '=', id)
        .where('workspace_id', '=', workspaceId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
  return store;
}

export type ConversationStore = ReturnType<typeof createConversationStore>;
