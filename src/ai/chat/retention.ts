import type { RetentionClass } from '../../retention/index.js';

/** Chat history as a retention data class: conversations not touched since the cutoff, with every message. */
export const chatRetentionClass: RetentionClass = {
  name: 'chat',
  label: 'Chat history',
  description: 'Conversations with Atom, with their messages and pending confirmations.',
  async preview(db, workspaceId, cutoffIso, limit) {
    const old = db.selectFrom('ai_conversations').where('workspace_id', '=', workspaceId).where('updated_at', '<', cutoffIso);
    const rows = await old.select('id').orderBy('updated_at').orderBy('id').limit(limit).execute();
    const { total } = await old.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { ids: rows.map((r) => r.id), total: Number(total) };
  },
  async purge(db, workspaceId, cutoffIso, ids) {
    if (ids.length === 0) return 0;
    return db.transaction().execute(async (trx) => {
      const due = (
        await trx.selectFrom('ai_conversations').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).where('updated_at', '<', cutoffIso).execute()
      ).map((r) => r.id);
      if (due.length === 0) return 0;
      await trx.deleteFrom('ai_pending_calls').where('conversation_id', 'in', due).execute();
      await trx.deleteFrom('ai_messages').where('conversation_id', 'in', due).execute();
      const res = await trx.deleteFrom('ai_conversations').where('id', 'in', due).executeTakeFirst();
      return Number(res.numDeletedRows);
    });
  },
};
