import { newId } from '../platform/index.js';
import { describeRetentionClassContract } from '../../test/support/retention-contract.js';
import { workflowRunsRetentionClass } from './retention.js';

const DAY = 86_400_000;

describeRetentionClassContract(workflowRunsRetentionClass, {
  async seed(t, workspaceId, ages) {
    const ids: string[] = [];
    for (const age of ages) {
      const at = new Date(Date.now() - age * DAY).toISOString();
      const id = newId();
      ids.push(id);
      await t.ctx.db
        .insertInto('workflow_runs')
        .values({
          id, workspace_id: workspaceId, workflow_id: 'wf', version: 1, status: 'succeeded', mode: 'live', trigger_type: 'manual', trigger_data: '{}', attempt_group: 0,
          lease_owner: null, lease_until: 0, error: null, output: null, parent_run_id: null, parent_step_key: null, created_at: at, started_at: at, finished_at: at, updated_at: at,
        })
        .execute();
      await t.ctx.db
        .insertInto('workflow_run_steps')
        .values({ run_id: id, step_key: 'a', workspace_id: workspaceId, step_id: 'a', step_type: 'transform', status: 'succeeded', attempt: 1, input: null, output: '1', output_ref: null, error: null, logs: null, next_at: null, wait_token_hash: null, started_at: at, finished_at: at, duration_ms: 1 })
        .execute();
    }
    return ids;
  },
  async remaining(t, workspaceId) {
    const rows = await t.ctx.db.selectFrom('workflow_runs').select('id').where('workspace_id', '=', workspaceId).execute();
    const steps = await t.ctx.db.selectFrom('workflow_run_steps').select('run_id').where('workspace_id', '=', workspaceId).execute();
    // The journal goes with its run.
    if (steps.some((s) => !rows.find((r) => r.id === s.run_id))) throw new Error('orphaned step rows left behind');
    return rows.map((r) => r.id);
  },
});
