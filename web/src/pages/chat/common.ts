/** Shapes the chat page shares (mirrors the /api/conversations and /api/chat answers). */
export interface Citation {
  n: number;
  documentId: string;
  title: string;
  url: string;
  snippet: string;
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: string;
}

/** A drafted workflow under an answer (server-built from the planner's result). */
export interface WorkflowCardData {
  kind: 'workflow';
  workflowId: string;
  name: string;
  summary: string;
  status: 'draft' | 'needs_clarification';
  questions: string[];
  notes: string[];
  planner: 'offline' | 'model';
}

export interface MessageView {
  id: string;
  role: 'user' | 'assistant' | 'tool';
  text: string;
  toolCalls: { toolCallId: string; toolName: string; input: unknown }[];
  toolResult?: { toolCallId: string; toolName: string; output: unknown };
  citations: Citation[];
  card?: WorkflowCardData;
  /** `error`: a turn that failed; `text` is its message. */
  via: string;
}

/**
 * Where a paused call would send data, computed by the server from its actual input (never from the
 * model's words): the card shows it in full so a prompt-injected destination cannot hide.
 */
export interface ActionTarget {
  action: string;
  destination: { label: string; value: string }[];
  sendsDataOut: boolean;
}

export interface PendingCall {
  id: string;
  toolCallId: string;
  toolName: string;
  input: unknown;
  target: ActionTarget;
}

/** What the page shows for one turn while it streams. */
export interface ToolActivity {
  toolCallId: string;
  name: string;
  status: 'running' | 'done' | 'failed' | 'cancelled' | 'awaiting';
  summary: string;
  pendingId?: string;
  /** For a call waiting for confirmation: what it would do, and where. */
  target?: ActionTarget;
}

export type ChatEvent =
  | { event: 'conversation'; data: { conversationId: string; title: string } }
  | { event: 'transcript'; data: { text: string; provider: string } }
  | { event: 'delta'; data: { text: string } }
  | { event: 'tool'; data: { toolCallId: string; name: string; status: ToolActivity['status']; summary: string } }
  | { event: 'confirm'; data: { pendingId: string; toolCallId: string; name: string; summary: string; input: unknown; target: ActionTarget } }
  | { event: 'citations'; data: { citations: Citation[] } }
  | { event: 'card'; data: { toolCallId: string; card: WorkflowCardData } }
  | { event: 'done'; data: { status: string; model?: string; usage: { inputTokens: number; outputTokens: number; costUsd: number } } }
  | { event: 'error'; data: { code: string; message: string } };
