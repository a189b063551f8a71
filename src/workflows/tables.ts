import type { SealedColumn } from '../vault/index.js';

/** Re-sealed by `atom vault rotate` (listed in src/vault-columns.ts). */
export const workflowSealedColumns: readonly SealedColumn[] = [
  { table: 'workflows', column: 'webhook_hmac_sealed' },
  { table: 'workflow_secrets', column: 'value_sealed' },
];

declare module '../platform/db/schema.js' {
  interface Database {
    workflows: WorkflowsTable;
    workflow_versions: WorkflowVersionsTable;
    workflow_runs: WorkflowRunsTable;
    workflow_run_steps: WorkflowRunStepsTable;
    workflow_blobs: WorkflowBlobsTable;
    workflow_schedule_ticks: WorkflowScheduleTicksTable;
    workflow_secrets: WorkflowSecretsTable;
    workflow_template_uses: WorkflowTemplateUsesTable;
    workflow_webhook_deliveries: WorkflowWebhookDeliveriesTable;
  }
}

export interface WorkflowsTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  /** 0/1: triggers fire only when active. */
  active: number;
  latest_version: number;
  published_version: number | null;
  /** SHA-256 of the webhook token; the token itself is shown once. */
  webhook_token_hash: string | null;
  /** The webhook's HMAC secret, sealed by the vault. */
  webhook_hmac_sealed: string | null;
  /** JSON sample trigger data pinned for editing and test runs. */
  pinned_trigger_data: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface WorkflowVersionsTable {
  workflow_id: string;
  version: number;
  workspace_id: string;
  /** JSON WorkflowDefinition; never changed after insert. */
  definition: string;
  name: string;
  author: string;
  message: string;
  created_at: string;
}

export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

export interface WorkflowRunsTable {
  id: string;
  workspace_id: string;
  workflow_id: string;
  version: number;
  status: RunStatus;
  /** 'live' or 'dry' (side-effecting actions preview). */
  mode: string;
  trigger_type: string;
  trigger_data: string;
  /** Grows on each manual re-run from a failed step: part of every action's idempotency key. */
  attempt_group: number;
  lease_owner: string | null;
  lease_until: number;
  error: string | null;
  output: string | null;
  parent_run_id: string | null;
  parent_step_key: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export type StepStatus = 'succeeded' | 'failed' | 'retrying' | 'waiting';

export interface WorkflowRunStepsTable {
  run_id: string;
  /** Step id, prefixed by loop iterations: `loop[3]/fetch`. */
  step_key: string;
  workspace_id: string;
  step_id: string;
  step_type: string;
  status: StepStatus;
  attempt: number;
  input: string | null;
  output: string | null;
  /** workflow_blobs id when the output was too large to keep inline. */
  output_ref: string | null;
  error: string | null;
  logs: string | null;
  /** Epoch ms when a retrying/waiting step is due. */
  next_at: number | null;
  wait_token_hash: string | null;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  /** The order the run journaled its steps in (the timeline's tie-break within a millisecond); null before it was kept. */
  seq: number | null;
}

export interface WorkflowBlobsTable {
  id: string;
  run_id: string;
  workspace_id: string;
  data: string;
  bytes: number;
  created_at: string;
}

export interface WorkflowScheduleTicksTable {
  workflow_id: string;
  /** ISO time of the schedule tick; the primary key makes a tick fire once across replicas. */
  tick: string;
  run_id: string;
  created_at: string;
}

/** Named secrets steps reference by name; the value is sealed by the vault and opened only inside an action. */
export interface WorkflowSecretsTable {
  workspace_id: string;
  name: string;
  value_sealed: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** The template a workflow was instantiated from (usage analytics). */
export interface WorkflowTemplateUsesTable {
  workflow_id: string;
  workspace_id: string;
  template_id: string;
  created_by: string;
  created_at: string;
}

/** A signed webhook delivery already accepted (replay protection), kept until `expires_at`. */
export interface WorkflowWebhookDeliveriesTable {
  workflow_id: string;
  /** sha256 of the signature header value, or `idem:` + sha256 of an idempotency key. */
  signature_hash: string;
  received_at: string;
  expires_at: string;
  /** The run an idempotency-keyed delivery started (signature rows: null). */
  run_id: string | null;
}
