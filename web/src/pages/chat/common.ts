import type { ActionTarget, ChatStreamEvent, Citation, ConversationView as ConversationSummary, MessageView, PendingCall, WorkflowCard as WorkflowCardData } from '../../../../src/shared/chat';

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

/** One server-sent event of a chat turn: its name is the stream event's `type`, its data the rest (src/shared/chat.ts). */
export type ChatEvent = { [K in ChatStreamEvent['type']]: { event: K; data: Omit<Extract<ChatStreamEvent, { type: K }>, 'type'> } }[ChatStreamEvent['type']];
