import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  // One chat turn at a time per conversation, across API replicas: the end of the running turn's lease
  // (ISO time), null when no turn runs. Two turns at once interleaved their messages and collided on
  // (conversation_id, seq).
  await db.schema.alterTable('ai_conversations').addColumn('turn_until', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('ai_conversations').dropColumn('turn_until').execute();
}
