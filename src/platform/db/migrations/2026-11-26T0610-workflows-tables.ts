import { bigintType, type MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('workflows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('webhook_token_hash', 'text', (c) => c.unique())
    .addColumn('pinned_trigger_data', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('workflows_workspace').on('workflows').columns(['workspace_id', 'id']).execute();
  await db.schema.createIndex('workflows_active').on('workflows').columns(['active']).execute();

  await db.schema
    .createTable('workflow_versions')
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('workflow_versions_pk', ['workflow_id', 'version'])
    .execute();
  await db.schema.createIndex('workflow_versions_workspace').on('workflow_versions').column('workspace_id').execute();

  await db.schema
    .createTable('workflow_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('trigger_type', 'text', (c) => c.notNull())
    .addColumn('trigger_data', 'text', (c) => c.notNull())
    .addColumn('attempt_group', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', bigintType(db), (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('output', 'text')
    .addColumn('parent_run_id', 'text')
    .addColumn('parent_step_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The runs list pages by (created_at, id) per workspace, optionally per workflow and status.
  await db.schema.createIndex('workflow_runs_list').on('workflow_runs').columns(['workspace_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('workflow_runs_by_workflow').on('workflow_runs').columns(['workflow_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('workflow_runs_by_status').on('workflow_runs').columns(['workspace_id', 'status', 'created_at']).execute();
  // The reaper looks for running runs whose lease passed; the concurrency limit counts running runs.
  await db.schema.createIndex('workflow_runs_lease').on('workflow_runs').columns(['status', 'lease_until']).execute();
  await db.schema.createIndex('workflow_runs_active').on('workflow_runs').columns(['workflow_id', 'status']).execute();
  await db.schema.createIndex('workflow_runs_finished').on('workflow_runs').columns(['finished_at']).execute();

  await db.schema
    .createTable('workflow_run_steps')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('step_key', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('step_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('input', 'text')
    .addColumn('output', 'text')
    .addColumn('output_ref', 'text')
    .addColumn('error', 'text')
    .addColumn('logs', 'text')
    .addColumn('next_at', bigintType(db))
    .addColumn('wait_token_hash', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('duration_ms', 'integer')
    .addPrimaryKeyConstraint('workflow_run_steps_pk', ['run_id', 'step_key'])
    .execute();
  await db.schema.createIndex('workflow_run_steps_wait').on('workflow_run_steps').column('wait_token_hash').execute();

  await db.schema
    .createTable('workflow_blobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('workflow_blobs_run').on('workflow_blobs').column('run_id').execute();

  await db.schema
    .createTable('workflow_schedule_ticks')
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('tick', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('workflow_schedule_ticks_pk', ['workflow_id', 'tick'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of ['workflow_schedule_ticks', 'workflow_blobs', 'workflow_run_steps', 'workflow_runs', 'workflow_versions', 'workflows']) {
    await db.schema.dropTable(t).execute();
  }
}
