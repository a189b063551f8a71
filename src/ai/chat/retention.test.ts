import { newId } from '../../platform/index.js';
import { describeRetentionClassContract } from '../../../test/support/retention-contract.js';
import { chatRetentionClass } from './retention.js';

const DAY = 86_400_000;

describeRetentionClassContract(chatRetentionClass, {
  async seed(t, workspaceId, ages) {
    const ids: string[] = [];
    for (const age of ages) {
      const at = new Date(Date.now() - age * DAY).toISOString();
      const id = newId();
      ids.push(id);
      await t.ctx.db.insertInto('ai_conversations').values({ id, workspace_id: workspaceId, user_id: 'u', title: 't', summary: null, summary_through: 0, created_at: at, updated_at: at }).execute();
    }
    return ids;
  },
  async remaining(t, workspaceId) {
    return (await t.ctx.db.selectFrom('ai_conversations').select('id').where('workspace_id', '=', workspaceId).execute()).map((r) => r.id);
  },
});
