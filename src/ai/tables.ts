import type { SealedColumn } from '../vault/index.js';

declare module '../platform/db/schema.js' {
  interface Database {
    ai_keys: AiKeysTable;
    ai_settings: AiSettingsTable;
    ai_usage: AiUsageTable;
    ai_conversations: AiConversationsTable;
    ai_messages: AiMessagesTable;
    ai_pending_calls: AiPendingCallsTable;
  }
}

/** A model-provider (or speech-provider) key: the secret sealed by the vault, only a hint kept in clear. */
export interface AiKeysTable {
  id: string;
  workspace_id: string;
  /** Null for a workspace key shared by its members. */
  owner_user_id: string | null;
  provider: string;
  label: string;
  base_url: string | null;
  /** JSON of provider options (Azure api version, OpenAI API flavour). */
  options: string;
  secret_sealed: string;
  /** `sk-…a1b2`: enough to recognise the key, never enough to use it. */
  secret_hint: string;
  /** JSON array of model ids the provider listed when the key was validated. */
  models: string;
  validated_at: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface AiSettingsTable {
  workspace_id: string;
  /** '' for the workspace's settings, else the user's own. */
  scope_user_id: string;
  default_model: string | null;
  /** JSON array of model refs tried in order when the default fails with 429/5xx. */
  fallback_models: string;
  monthly_budget_usd: number | null;
  hard_limit: number;
  updated_at: string;
}

export interface AiUsageTable {
  id: string;
  workspace_id: string;
  user_id: string;
  provider: string;
  model: string;
  feature: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  /** 0 when the model is not in the price table (cost then counts as 0). */
  priced: number;
  /** `YYYY-MM` (UTC) for monthly budgets. */
  month: string;
  created_at: string;
}

export interface AiConversationsTable {
  id: string;
  workspace_id: string;
  user_id: string;
  title: string;
  /** Summary of the messages with seq <= summary_through, sent instead of them. */
  summary: string | null;
  summary_through: number;
  created_at: string;
  updated_at: string;
  /** While a chat turn runs: when its lease ends (ISO time); null otherwise (see claimTurn). */
  turn_until: string | null;
}

export interface AiMessagesTable {
  id: string;
  conversation_id: string;
  workspace_id: string;
  seq: number;
  role: 'user' | 'assistant' | 'tool';
  /** JSON of the model message content (AI SDK ModelMessage content). */
  content: string;
  /** JSON array of citations the answer used. */
  citations: string;
  /** 'text' or 'voice'. */
  via: string;
  created_at: string;
}

export interface AiPendingCallsTable {
  id: string;
  conversation_id: string;
  workspace_id: string;
  user_id: string;
  tool_call_id: string;
  tool_name: string;
  /** JSON. */
  input: string;
  status: 'pending' | 'confirmed' | 'cancelled' | 'failed';
  result: string | null;
  created_at: string;
  decided_at: string | null;
}

/** Re-sealed by `atom vault rotate` (listed in src/vault-columns.ts). */
export const aiSealedColumns: readonly SealedColumn[] = [{ table: 'ai_keys', column: 'secret_sealed' }];
