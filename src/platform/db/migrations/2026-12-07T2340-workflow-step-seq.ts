import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  // The order a run journaled its steps in, for the timeline: steps that finish within one millisecond share
  // their started_at, and once their rows could be written together (run-execution.ts, `staysInRun`) nothing
  // else told them apart. Null for rows written before.
  await db.schema.alterTable('workflow_run_steps').addColumn('seq', 'integer').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('workflow_run_steps').dropColumn('seq').execute();
}
