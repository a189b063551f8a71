import type { ActionTarget, Citation, ConversationView as ConversationSummary, MessageView, PendingCall, WorkflowCard as WorkflowCardData } from '../../../../src/shared/chat';

/** Shapes the chat page shares: the /api/conversations and /api/chat answers come from src/shared/chat.ts; the rest is the page's own. */
export type { ActionTarget, Citation, ConversationSummary, MessageView, PendingCall, WorkflowCardData };

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
