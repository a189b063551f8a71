import type { RetentionClass } from '../retention/index.js';

/**
 * Workflow run history as a retention data class: finished runs (with their step journal and stored
 * outputs) older than the cutoff. Runs still going are never purged, however old.
 */
export const workflowRunsRetentionClass: RetentionClass = {
  name: 'workflow_runs',
  label: 'Workflow run history',
  description: 'Finished runs with their step inputs, outputs and logs.',
  async preview(db, workspaceId, cutoffIso, limit) {
    const old = db
      .selectFrom('workflow_runs')
      .where('workspace_id', '=', workspaceId)
      .where('finished_at', 'is not', null)
      .where('finished_at', '<', cutoffIso);
    const rows = await old.select('id').orderBy('finished_at').orderBy('id').limit(limit).execute();
    const { total } = await old.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { ids: rows.map((r) => r.id), total: Number(total) };
  },
  async purge(db, workspaceId, cutoffIso, ids) {
    if (ids.length === 0) return 0;
    return db.transaction().execute(async (trx) => {
      const due = (
        await trx
          .selectFrom('workflow_runs')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', ids)
          .where('finished_at', 'is not', null)
          .where('finished_at', '<', cutoffIso)
          .execute()
      ).map((r) => r.id);
      if (due.length === 0) return 0;
      await trx.deleteFrom('workflow_run_steps').where('run_id', 'in', due).execute();
      await trx.deleteFrom('workflow_blobs').where('run_id', 'in', due).execute();
      const res = await trx.deleteFrom('workflow_runs').where('id', 'in', due).executeTakeFirst();
      return Number(res.numDeletedRows);
    });
  },
};
