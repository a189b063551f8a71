import { bigintType, doubleType, type MigrationDb } from './_dialect.js';

// Memory: the SQL side of documents (what was indexed, from where, who may read it), sync cursors,
// extraction failures, the embedding indexes and the query log. Passages and vectors live in LanceDB.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('memory_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text')
    .addColumn('account_email', 'text')
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('idle'))
    .addColumn('last_error', 'text')
    .addColumn('last_sync_started_at', 'text')
    .addColumn('last_sync_finished_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('memory_connections_ws').on('memory_connections').column('workspace_id').execute();

  await db.schema
    .createTable('memory_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('path', 'text')
    .addColumn('url', 'text')
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('modified_at', 'text')
    .addColumn('revision', 'text')
    .addColumn('content_hash', 'text')
    .addColumn('size_bytes', bigintType(db), (c) => c.notNull().defaultTo(0))
    .addColumn('chunk_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('principals', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sync_run_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('indexed_at', 'text')
    .addUniqueConstraint('memory_documents_conn_ext', ['connection_id', 'external_id'])
    .execute();
  await db.schema.createIndex('memory_documents_ws').on('memory_documents').columns(['workspace_id', 'status']).execute();
  await db.schema.createIndex('memory_documents_hash').on('memory_documents').columns(['workspace_id', 'content_hash']).execute();

  await db.schema
    .createTable('memory_failures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('memory_failures_conn_ext', ['connection_id', 'external_id'])
    .execute();
  await db.schema.createIndex('memory_failures_ws').on('memory_failures').column('workspace_id').execute();

  await db.schema
    .createTable('memory_sync_state')
    .addColumn('connection_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('page_cursor', 'text')
    .addColumn('next_cursor', 'text')
    .addColumn('pages_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('items_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('memory_sync_state_ws').on('memory_sync_state').column('workspace_id').execute();

  await db.schema
    .createTable('memory_indexes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('embedder_id', 'text', (c) => c.notNull().unique())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('dimensions', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('documents_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memory_queries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('results', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', doubleType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('memory_queries_ws').on('memory_queries').columns(['workspace_id', 'created_at']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of ['memory_queries', 'memory_indexes', 'memory_sync_state', 'memory_failures', 'memory_documents', 'memory_connections']) {
    await db.schema.dropTable(t).execute();
  }
}
