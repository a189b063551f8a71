import type { MigrationDb } from './_dialect.js';

// Comments on workflows and steps, the notification inbox with per-user preferences and digests, and
// remembered recommendation dismissals (issue #11 items 4-6).
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('workflow_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text') // null: about the whole workflow
    .addColumn('parent_id', 'text') // null: a thread's first comment
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('workflow_comments_workflow').on('workflow_comments').columns(['workspace_id', 'workflow_id', 'created_at']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('actor_id', 'text')
    // Producers that may see the same event twice (sweeps, retries) give it a key; the unique index drops repeats.
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('digested_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_dedupe').on('notifications').columns(['workspace_id', 'user_id', 'dedupe_key']).unique().execute();
  await db.schema.createIndex('notifications_inbox').on('notifications').columns(['user_id', 'workspace_id', 'created_at']).execute();

  await db.schema
    .createTable('notification_preferences')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kinds', 'text', (c) => c.notNull()) // JSON array of the kinds the user wants
    .addColumn('in_app', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('email_digest', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('slack_digest', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('digest_frequency', 'text', (c) => c.notNull().defaultTo('daily'))
    .addColumn('slack_channel', 'text')
    .addColumn('last_digest_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['workspace_id', 'user_id'])
    .execute();

  // Where each background producer (failed runs, sync failures, connections) left off.
  await db.schema
    .createTable('notification_sweeps')
    .addColumn('producer', 'text', (c) => c.primaryKey())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('recommendation_dismissals')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('dismissed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recommendation_dismissals_pk', ['workspace_id', 'user_id', 'key'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of ['recommendation_dismissals', 'notification_sweeps', 'notification_preferences', 'notifications', 'workflow_comments']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
