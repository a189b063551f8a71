import type { MigrationDb } from './_dialect.js';

// Memory: the progress of each source sync as a shared row (done/total, current file, rate, ETA, phase,
// failures), written by whichever process runs the sync, so every API process can answer for it.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('memory_sync_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    // running | finished | failed (a queued job is `running` with phase `queued`)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    // JSON: the progress snapshot (counts, current file, rate, ETA, failures).
    .addColumn('progress', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('memory_sync_jobs_conn').on('memory_sync_jobs').columns(['connection_id', 'started_at']).execute();
  await db.schema.createIndex('memory_sync_jobs_ws').on('memory_sync_jobs').columns(['workspace_id', 'started_at']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('memory_sync_jobs').execute();
}
