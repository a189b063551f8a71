import type { ModelMessage } from 'ai';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/index.js';
import { requirePrincipal, type Authenticator } from '../../platform/http/index.js';
import { aiServices } from '../assistant.js';
import { modelRefSchema } from '../providers/catalog.js';
import { cardOf } from './cards.js';
import { chatAgent } from './chat-agent.js';
import type { StoredMessage } from './conversation-repository.js';
import { openEventStreamOnFirstEvent } from './event-stream.js';
import { followAccess } from './follow-access.js';
import { cancelledCallSchema, conversationDetailSchema, conversationListSchema, conversationSchema, type MessageView } from '../../shared/chat.js';

type Part = { type: string; text?: string; toolCallId?: string; toolName?: string; input?: unknown; output?: { value?: unknown } };

function view(m: StoredMessage): MessageView {
  const msg: ModelMessage = m.message;
  const parts: Part[] = typeof msg.content === 'string' ? [{ type: 'text', text: msg.content }] : (msg.content as Part[]);
  const result = parts.find((p) => p.type === 'tool-result');
  const card = result ? cardOf(result.toolName ?? '', result.output?.value) : undefined;
  return {
    id: m.id,
    seq: m.seq,
    role: msg.role as 'user' | 'assistant' | 'tool',
    text: parts.filter((p) => p.type === 'text').map((p) => p.text ?? '').join(''),
    toolCalls: parts.filter((p) => p.type === 'tool-call').map((p) => ({ toolCallId: p.toolCallId ?? '', toolName: p.toolName ?? '', input: p.input })),
    ...(result ? { toolResult: { toolCallId: result.toolCallId ?? '', toolName: result.toolName ?? '', output: result.output?.value } } : {}),
    citations: m.citations,
    ...(card ? { card } : {}),
    via: m.via,
    createdAt: m.createdAt,
  };
}

const idParams = z.object({ id: z.string().min(1) });
const sse = z.string().describe('text/event-stream: events conversation, delta, tool, confirm, citations, card, done, error');

/** Conversations of the signed-in user: `/api/conversations`. */
export function conversationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const agent = chatAgent(ctx);
  const store = agent.store;
  return async (app) => {
    const cfg = { permission: 'ai:use' } as const;
    app.get('/', {
      schema: {
        tags: ['ai'],
        summary: 'Your conversations, most recent first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.string().optional().describe('updatedAt of the last item of the previous page') }),
        response: { 200: conversationListSchema },
      },
      config: cfg,
    }, async (request) => {
      const p = requirePrincipal(request);
      return { conversations: await store.list(p.workspaceId, p.userId, request.query.limit, request.query.before) };
    });

    app.post('/', {
      schema: { tags: ['ai'], summary: 'Start an empty conversation', body: z.object({ title: z.string().min(1).max(200).default('New conversation') }), response: { 201: conversationSchema } },
      config: cfg,
    }, async (request, reply) => {
      const p = requirePrincipal(request);
      return reply.status(201).send(await store.create(p.workspaceId, p.userId, request.body.title));
    });

    app.get('/:id', {
      schema: {
        tags: ['ai'],
        summary: 'A conversation with its messages and any action waiting for confirmation',
        params: idParams,
        response: { 200: conversationDetailSchema },
      },
      config: cfg,
    }, async (request) => {
      const p = requirePrincipal(request);
      const conversation = await store.get(p.workspaceId, p.userId, request.params.id);
      const messages = (await store.messages(p.workspaceId, conversation.id)).map(view);
      const pending = await Promise.all(
        (await store.pendingOf(p.workspaceId, conversation.id)).map(async ({ id, toolCallId, toolName, input, createdAt }) => ({ id, toolCallId, toolName, input, target: await agent.pendingTarget(p, { toolName, input }), createdAt })),
      );
      return { conversation, messages, pending };
    });

    app.patch('/:id', {
      schema: { tags: ['ai'], summary: 'Rename a conversation', params: idParams, body: z.object({ title: z.string().min(1).max(200) }), response: { 200: conversationSchema } },
      config: cfg,
    }, async (request) => {
      const p = requirePrincipal(request);
      return store.rename(p.workspaceId, p.userId, request.params.id, request.body.title);
    });

    app.delete('/:id', {
      schema: { tags: ['ai'], summary: 'Delete a conversation and its messages', params: idParams, response: { 204: z.null() } },
      config: cfg,
    }, async (request, reply) => {
      const p = requirePrincipal(request);
      await store.remove(p.workspaceId, p.userId, request.params.id);
      return reply.status(204).send(null);
    });
  };
}

/** The streamed chat turn and the confirm/cancel of paused actions: `/api/chat`. */
export function chatRoutes(ctx: AppContext, options: { authenticator: Authenticator }): FastifyPluginAsyncZod {
  const agent = chatAgent(ctx);
  const ai = aiServices(ctx);
  return async (app) => {
    app.post('/', {
      schema: {
        tags: ['ai'],
        summary: 'Send a message; the answer streams back as server-sent events',
        body: z.object({
          conversationId: z.string().optional().describe('omit to start a new conversation'),
          message: z.string().trim().min(1).max(32_000),
          via: z.enum(['text', 'voice']).default('text').describe('voice: the message is a transcribed voice command'),
          model: modelRefSchema.optional(),
        }),
        response: { 200: sse },
      },
      config: { permission: 'ai:use' },
    }, async (request, reply) => {
      const p = requirePrincipal(request);
      // Fail before streaming when the answer cannot start: budget spent here; an unknown conversation or a
      // turn still running in it when the turn is claimed, before its first event. Without a model the
      // offline assistant answers.
      await ai.usage.assertWithinBudget(p.workspaceId, p.userId);
      const stream = openEventStreamOnFirstEvent(reply);
      // A removal or demotion while the answer runs applies to its remaining tool calls; removal ends it.
      const follow = followAccess(ctx, options.authenticator, request, p, () => stream.end());
      try {
        await agent.send(follow.principal, request.body, stream.send);
      } finally {
        follow.stop();
      }
      stream.end();
    });

    app.post('/pending/:id/confirm', {
      schema: { tags: ['ai'], summary: 'Confirm an action the assistant proposed; it runs and the answer streams on', params: idParams, response: { 200: sse } },
      config: { permission: 'ai:use' },
    }, async (request, reply) => {
      const p = requirePrincipal(request);
      // An unknown or already decided call, or a turn still running, throws before the first event: a status.
      const stream = openEventStreamOnFirstEvent(reply);
      const follow = followAccess(ctx, options.authenticator, request, p, () => stream.end());
      try {
        await agent.confirm(follow.principal, request.params.id, stream.send);
      } finally {
        follow.stop();
      }
      stream.end();
    });

    app.post('/pending/:id/cancel', {
      schema: {
        tags: ['ai'],
        summary: 'Cancel an action the assistant proposed; nothing is done',
        params: idParams,
        response: { 200: cancelledCallSchema },
      },
      config: { permission: 'ai:use' },
    }, async (request) => {
      const p = requirePrincipal(request);
      return { status: 'cancelled' as const, ...(await agent.cancel(p, request.params.id)) };
    });
  };
}
