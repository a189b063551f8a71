import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  // One co-edited draft per workflow: a compacted Yjs snapshot, the version it was seeded from, and who
  // edited since the last saved version (recorded on that version when it is saved).
  await db.schema
    .createTable('collab_documents')
    .addColumn('workflow_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text')
    .addColumn('base_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('authors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Yjs updates appended as they arrive (base64 text, portable across both dialects); folded into the
  // snapshot by compaction.
  await db.schema
    .createTable('collab_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('update', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('collab_updates_by_workflow').on('collab_updates').columns(['workflow_id', 'id']).execute();
  // The people who edited a version through the co-editor (a version has one saving author).
  await db.schema
    .createTable('collab_version_authors')
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('collab_version_authors_pk', ['workflow_id', 'version'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('collab_version_authors').execute();
  await db.schema.dropTable('collab_updates').execute();
  await db.schema.dropTable('collab_documents').execute();
}
