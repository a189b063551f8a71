import { doubleType, type MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('ai_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text') // null: a workspace key, shared by its members
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text')
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('secret_hint', 'text', (c) => c.notNull())
    .addColumn('models', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('validated_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ai_keys_workspace').on('ai_keys').columns(['workspace_id', 'provider']).execute();

  await db.schema
    .createTable('ai_settings')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('scope_user_id', 'text', (c) => c.notNull()) // '' for the workspace's own settings
    .addColumn('default_model', 'text')
    .addColumn('fallback_models', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('monthly_budget_usd', doubleType(db))
    .addColumn('hard_limit', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ai_settings_pk', ['workspace_id', 'scope_user_id'])
    .execute();

  await db.schema
    .createTable('ai_usage')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('feature', 'text', (c) => c.notNull())
    .addColumn('input_tokens', 'integer', (c) => c.notNull())
    .addColumn('output_tokens', 'integer', (c) => c.notNull())
    .addColumn('cost_usd', doubleType(db), (c) => c.notNull())
    .addColumn('priced', 'integer', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ai_usage_workspace_month').on('ai_usage').columns(['workspace_id', 'month']).execute();

  await db.schema
    .createTable('ai_conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('summary_through', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ai_conversations_owner').on('ai_conversations').columns(['workspace_id', 'user_id', 'updated_at']).execute();

  await db.schema
    .createTable('ai_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('citations', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('via', 'text', (c) => c.notNull().defaultTo('text'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ai_messages_conversation').on('ai_messages').columns(['conversation_id', 'seq']).unique().execute();
  await db.schema.createIndex('ai_messages_workspace').on('ai_messages').column('workspace_id').execute();

  await db.schema
    .createTable('ai_pending_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('tool_call_id', 'text', (c) => c.notNull())
    .addColumn('tool_name', 'text', (c) => c.notNull())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('ai_pending_calls_conversation').on('ai_pending_calls').columns(['workspace_id', 'conversation_id']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of ['ai_pending_calls', 'ai_messages', 'ai_conversations', 'ai_usage', 'ai_settings', 'ai_keys']) {
    await db.schema.dropTable(t).execute();
  }
}
