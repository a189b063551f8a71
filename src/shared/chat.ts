import { z } from 'zod';

/** Chat API shapes: conversations, messages, cards and confirmations (server response schemas; the web app imports their types). zod only. */

/** One line of where an action sends data: "URL: https://…", "To: bob@example.com", "Channel: C001". */
export const destinationSchema = z.object({ label: z.string(), value: z.string() });
export type Destination = z.infer<typeof destinationSchema>;

/**
 * What the confirmation card shows about a paused call, computed by the server from the call's actual
 * input, never from text the model wrote (a prompt-injected model can describe anything as harmless).
 */
export const targetSchema = z.object({
  /** The action or workflow that would run. */
  action: z.string(),
  /** Every destination the input names, in full. */
  destination: z.array(destinationSchema),
  /** True when the call sends data outside Atom (a request, a message, an email, a write). */
  sendsDataOut: z.boolean(),
});
export type ActionTarget = z.infer<typeof targetSchema>;

/**
 * A card the conversation shows under an answer, built by the server from a tool's result (never from
 * text a model wrote): today a drafted workflow, with what the person can do next (open, activate, dry
 * run). The same card comes from the model path and the offline assistant, live and on reload.
 */
export const workflowCardSchema = z.object({
  kind: z.literal('workflow'),
  workflowId: z.string(),
  name: z.string(),
  summary: z.string(),
  /** `needs_clarification`: saved, but the planner still has questions (listed) before it can be activated. */
  status: z.enum(['draft', 'needs_clarification']),
  questions: z.array(z.string()),
  notes: z.array(z.string()),
  planner: z.enum(['offline', 'model']),
});
export const chatCardSchema = workflowCardSchema;
export type ChatCard = z.infer<typeof chatCardSchema>;
export type WorkflowCard = z.infer<typeof workflowCardSchema>;

export const citationSchema = z.object({ n: z.number(), documentId: z.string(), title: z.string(), url: z.string(), snippet: z.string() });
export type Citation = z.infer<typeof citationSchema>;
export const conversationSchema = z.object({ id: z.string(), title: z.string(), summary: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() });
export type ConversationView = z.infer<typeof conversationSchema>;

/** A stored message as the conversation page shows it. */
export const messageViewSchema = z.object({
  id: z.string(),
  seq: z.number(),
  role: z.enum(['user', 'assistant', 'tool']),
  text: z.string(),
  toolCalls: z.array(z.object({ toolCallId: z.string(), toolName: z.string(), input: z.unknown() })),
  toolResult: z.object({ toolCallId: z.string(), toolName: z.string(), output: z.unknown() }).optional(),
  citations: z.array(citationSchema),
  /** A tool result's card (a drafted workflow), as the live `card` event showed it. */
  card: chatCardSchema.optional(),
  via: z.string().describe('text | voice for the person; error: a turn that failed, with its message'),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

/** A proposed action waiting for the person's confirmation. */
export const pendingCallSchema = z.object({ id: z.string(), toolCallId: z.string(), toolName: z.string(), input: z.unknown(), target: targetSchema, createdAt: z.string() });
export type PendingCall = z.infer<typeof pendingCallSchema>;

/** GET /api/conversations. */
export const conversationListSchema = z.object({ conversations: z.array(conversationSchema) });
export type ConversationList = z.infer<typeof conversationListSchema>;

/** GET /api/conversations/:id. */
export const conversationDetailSchema = z.object({ conversation: conversationSchema, messages: z.array(messageViewSchema), pending: z.array(pendingCallSchema) });
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

/** POST /api/chat/pending/:id/cancel. */
export const cancelledCallSchema = z.object({ status: z.literal('cancelled'), conversationId: z.string(), messageId: z.string() });
export type CancelledCall = z.infer<typeof cancelledCallSchema>;

const usageSchema = z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() });

/**
 * What a chat turn streams, in order (POST /api/chat and the confirm route): each becomes one server-sent
 * event named by `type`, with the other fields as its JSON data.
 */
export const chatStreamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('conversation'), conversationId: z.string(), title: z.string() }),
  z.object({ type: z.literal('transcript'), text: z.string(), provider: z.string() }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  z.object({ type: z.literal('tool'), toolCallId: z.string(), name: z.string(), status: z.enum(['running', 'done', 'failed', 'cancelled']), summary: z.string() }),
  /** `target` is computed by the server from the call's input: where it sends data, in full. */
  z.object({ type: z.literal('confirm'), pendingId: z.string(), toolCallId: z.string(), name: z.string(), summary: z.string(), input: z.unknown(), target: targetSchema }),
  z.object({ type: z.literal('citations'), citations: z.array(citationSchema) }),
  /** What a tool's result lets the person do next (a drafted workflow: open, activate, dry run). */
  z.object({ type: z.literal('card'), toolCallId: z.string(), card: chatCardSchema }),
  z.object({
    type: z.literal('done'),
    status: z.enum(['answered', 'awaiting_confirmation', 'step_limit', 'cancelled']),
    messageId: z.string().optional(),
    model: z.string().optional(),
    usage: usageSchema,
  }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ChatStreamEvent = z.infer<typeof chatStreamEventSchema>;
