import { tool, zodSchema, type ModelMessage, type ToolSet } from 'ai';
import { AppError, isAppError, type AppContext } from '../../platform/index.js';
import type { Actor } from '../../platform/access/index.js';
import type { Principal } from '../../platform/http/index.js';
import type { AiServices } from '../assistant.js';
import type { ActionTarget } from './action-target.js';
import { cardOf } from './cards.js';
import { chatTools, type ChatTool, type Citation, type DraftWorkflow } from './chat-tools.js';
import { planWindow, transcriptOf } from './context-window.js';
import { createConversationStore, type Conversation, type PendingCall, type StoredMessage } from './conversation-repository.js';
import { offlineReply } from './offline-assistant.js';
import { agentPorts, type AgentPorts } from './ports.js';
import { scrubSecrets } from './secret-scrub.js';
import type { ChatStreamEvent } from '../../shared/chat.js';

/** What a turn streams to the client, in order (each becomes one SSE event named by `type`): src/shared/chat.ts. */
export type AgentEvent = ChatStreamEvent;

export type Emit = (e: AgentEvent) => void;

const systemPrompt = (summary: string | null) =>
  [
    `You are Atom, a self-hosted assistant that answers from the user's own documents and acts in their connected services. Today is ${new Date().toISOString().slice(0, 10)}.`,
    "For questions about the user's information, call search_documents first and answer only from what it returns; cite every fact with its [ref] number, e.g. [1]. If nothing relevant is found, say so.",
    'To act in a service, use find_actions then run_action. Actions that change something are shown to the user to confirm; just call the tool, and never claim an action happened until its result says done.',
    'For automations, use create_workflow; list_workflows, run_workflow, get_run_status and explain_run_failure for existing ones.',
    'Never ask for or repeat passwords, tokens or API keys.',
    summary ? `Summary of the earlier conversation:\n${summary}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');

/** The person chatting, as the access policy sees them: their current role, narrowed by a token's scope. */
const actorOf = (p: Principal): Actor => ({ userId: p.userId, workspaceId: p.workspaceId, role: p.role, permissions: p.permissions, via: 'chat', scopeRole: p.scopeRole });

/** Whether a stored message is a document search that returned something (document content is in the conversation). */
const isDocumentResult = (message: ModelMessage): boolean =>
  message.role === 'tool' &&
  Array.isArray(message.content) &&
  message.content.some((part) => {
    if (part.type !== 'tool-result' || part.toolName !== 'search_documents') return false;
    const value = (part.output as { value?: unknown }).value;
    const results = value && typeof value === 'object' ? (value as { results?: unknown }).results : undefined;
    return Array.isArray(results) && results.length > 0;
  });

/** A turn that failed is kept in the conversation as a message of its own, never shown to the model. */
export const ERROR_VIA = 'error';
const forModel = (all: StoredMessage[]) => all.filter((m) => m.via !== ERROR_VIA);

/** What a person is told when a turn fails: the error's own message when it has one, else a generic one. */
export const chatErrorOf = (err: unknown): AppError =>
  isAppError(err) ? err : new AppError('ai.chat.failed', 'The assistant failed to answer; try again.', { cause: err });

const titleOf = (text: string) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 59)}…` : t || 'New conversation';
};

/**
 * The chat agent: a turn reads as it happens (load → window → model step → tools → repeat), pausing when
 * a tool would change something until the person confirms or cancels.
 */
export function createAgent(ctx: AppContext, ai: AiServices, draftWorkflow: DraftWorkflow) {
  const store = createConversationStore(ctx);
  const maxSteps = ctx.config.ATOM_AI_MAX_TOOL_STEPS;

  /** Every tool (so a call to one the person may not use is refused by name), and the ones offered to the model. */
  // The tools and the SDK's view of each (its JSON schema, converted from zod on first use and kept) are
  // built again only when another domain plugs in different ports: a turn used to convert every tool's
  // schema again, a tenth of the server's CPU under a chat-heavy load.
  let built: { ports: AgentPorts; list: ChatTool[]; sdk: Map<string, ToolSet[string]> } | undefined;
  const toolsFor = (actor: Actor) => {
    const ports = agentPorts(ctx);
    if (built?.ports !== ports) {
      const list = chatTools(ports, draftWorkflow);
      built = { ports, list, sdk: new Map(list.map((t) => [t.name, tool({ description: t.description, inputSchema: zodSchema(t.input) })])) };
    }
    const { list, sdk: all } = built;
    const sdk: ToolSet = Object.fromEntries(list.filter((t) => t.allowed(actor).allowed).map((t) => [t.name, all.get(t.name)!]));
    return { ports, list, sdk };
  };

  /** What the confirmation card shows, from the call's actual input (never from the model's words). */
  async function targetOf(actor: Actor, t: ChatTool, input: unknown): Promise<ActionTarget> {
    const action = t.name === 'run_action' ? String((input as { actionId?: unknown }).actionId) : t.name === 'run_workflow' ? `workflow ${String((input as { workflowId?: unknown }).workflowId)}` : t.name;
    const destination = t.destination ? await t.destination(input, { workspaceId: actor.workspaceId, actor }) : [];
    return { action, destination, sendsDataOut: t.name !== 'search_documents' };
  }

  /** The model's view of the conversation: its messages, with the oldest summarised once they outgrow the window. */
  async function windowFor(p: Principal, conv: Conversation, stored: StoredMessage[]): Promise<{ messages: ModelMessage[]; summary: string | null }> {
    const plan = planWindow(forModel(stored), conv.summaryThrough, ctx.config.ATOM_AI_CONTEXT_TOKENS);
    if (plan.toSummarise.length > 0) {
      const r = await ai.runner.run({
        workspaceId: p.workspaceId,
        userId: p.userId,
        feature: 'summary',
        system: 'Summarise this conversation for the assistant that continues it: facts, decisions, open requests, names, ids and links. At most 200 words. No preamble.',
        messages: [{ role: 'user', content: `${conv.summary ? `Earlier summary:\n${conv.summary}\n\n` : ''}Conversation:\n${transcriptOf(plan.toSummarise)}` }],
      });
      // The turn holds the conversation (claimTurn), so the copy it started with stays the current one.
      conv.summary = r.text.trim();
      conv.summaryThrough = plan.through;
      await store.saveSummary(p.workspaceId, conv.id, conv.summary, plan.through);
    }
    return { messages: plan.recent.map((m) => m.message), summary: conv.summary };
  }

  /** No model is set up for this person (no key, no default): the offline assistant answers instead. */
  const offlineFor = (p: Principal, model?: string) =>
    ai.runner.chainFor(p.workspaceId, p.userId, model).then(
      () => false,
      (err: unknown) => {
        if (isAppError(err) && err.code === 'ai.no_model') return true;
        throw err;
      },
    );

  /** One step of the offline assistant, shaped like a model step (its tool calls run through the same loop). */
  function offlineStep(stored: StoredMessage[], emit: Emit) {
    const reply = offlineReply(forModel(stored).map((m) => m.message));
    if (reply.text) emit({ type: 'delta', text: reply.text });
    return { text: reply.text, toolCalls: reply.toolCalls, model: 'offline', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } };
  }

  /** Model steps until an answer, a pause for confirmation, or the step limit. */
  async function loop(p: Principal, conv: Conversation, emit: Emit, model?: string): Promise<void> {
    const actor = actorOf(p);
    const offline = await offlineFor(p, model);
    const { ports, list, sdk } = toolsFor(actor);
    // The conversation as the turn starts; each later step reads it again (the step before added to it).
    let stored: StoredMessage[] | undefined = await store.messages(p.workspaceId, conv.id);
    const documentsBefore = stored.some((m) => isDocumentResult(m.message));
    const known = await ai.keys.secretsOf(p.workspaceId, p.userId);
    const cited = new Map<string, Citation>();
    const usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
    const cite = (h: { documentId: string; title: string; url: string; snippet: string }) => {
      const existing = cited.get(h.documentId);
      if (existing) return existing.n;
      const c = { n: cited.size + 1, documentId: h.documentId, title: h.title, url: h.url, snippet: h.snippet.slice(0, 300) };
      cited.set(h.documentId, c);
      return c.n;
    };

    for (let step = 0; step < maxSteps; step++) {
      const messages = stored ?? (await store.messages(p.workspaceId, conv.id));
      stored = undefined;
      const r = offline
        ? offlineStep(messages, emit)
        : await (async () => {
            const window = await windowFor(p, conv, messages);
            return ai.runner.run({
              workspaceId: p.workspaceId,
              userId: p.userId,
              feature: 'chat',
              model,
              system: systemPrompt(window.summary),
              messages: window.messages,
              tools: sdk,
              onText: (text) => emit({ type: 'delta', text }),
            });
          })();
      usage.inputTokens += r.usage.inputTokens;
      usage.outputTokens += r.usage.outputTokens;
      usage.costUsd += r.usage.costUsd;

      const used = [...cited.values()].filter((c) => r.text.includes(`[${c.n}]`));
      const content = [
        ...(r.text ? [{ type: 'text' as const, text: r.text }] : []),
        ...r.toolCalls.map((c) => ({ type: 'tool-call' as const, toolCallId: c.toolCallId, toolName: c.toolName, input: c.input })),
      ];
      const saved = await store.append(p.workspaceId, conv.id, { role: 'assistant', content: content.length ? content : [{ type: 'text', text: '' }] }, { citations: r.toolCalls.length ? [] : used });

      if (r.toolCalls.length === 0) {
        if (used.length) emit({ type: 'citations', citations: used });
        emit({ type: 'done', status: 'answered', messageId: saved.id, model: r.model, usage });
        return;
      }

      let paused = false;
      for (const call of r.toolCalls) {
        const t = list.find((x) => x.name === call.toolName);
        if (!t) {
          await recordResult(p, conv.id, call.toolCallId, call.toolName, { error: `Unknown tool ${call.toolName}.` });
          continue;
        }
        const parsed = t.input.safeParse(call.input);
        if (!parsed.success) {
          await recordResult(p, conv.id, call.toolCallId, call.toolName, { error: 'Invalid input.', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
          continue;
        }
        const summaryLine = t.describe(parsed.data);
        // A tool the person may not use is refused here, before any confirmation card (the model was not offered it).
        const decision = t.allowed(actor);
        if (!decision.allowed) {
          await recordResult(p, conv.id, call.toolCallId, call.toolName, { error: decision.reason, code: decision.code });
          emit({ type: 'tool', toolCallId: call.toolCallId, name: t.name, status: 'failed', summary: summaryLine });
          continue;
        }
        if (await t.needsConfirmation(parsed.data, ports, { workspaceId: p.workspaceId, actor, documentsSeen: documentsBefore || cited.size > 0 })) {
          const pending = await store.addPending(p.workspaceId, p.userId, conv.id, { toolCallId: call.toolCallId, toolName: t.name, input: parsed.data });
          const target = scrubSecrets(await targetOf(actor, t, parsed.data), known) as ActionTarget;
          emit({ type: 'confirm', pendingId: pending.id, toolCallId: call.toolCallId, name: t.name, summary: summaryLine, input: scrubSecrets(parsed.data, known), target });
          paused = true;
          continue;
        }
        await execute(p, conv.id, t, call.toolCallId, parsed.data, summaryLine, { cite, known }, emit);
      }
      if (paused) {
        emit({ type: 'done', status: 'awaiting_confirmation', model: r.model, usage });
        return;
      }
    }
    emit({ type: 'delta', text: '\n\n(I stopped here: this request needed more steps than allowed.)' });
    emit({ type: 'done', status: 'step_limit', usage });
  }

  async function execute(
    p: Principal,
    conversationId: string,
    t: ChatTool,
    toolCallId: string,
    input: unknown,
    summary: string,
    env: { cite: (h: { documentId: string; title: string; url: string; snippet: string }) => number; known: string[] },
    emit: Emit,
  ): Promise<unknown> {
    emit({ type: 'tool', toolCallId, name: t.name, status: 'running', summary });
    let output: unknown;
    let failed = false;
    try {
      // Asked again at run time: a confirmed call runs with the person's rights now, not when it was proposed.
      const actor = actorOf(p);
      const decision = t.allowed(actor);
      if (!decision.allowed) throw new AppError(decision.code, decision.reason, { status: 403 });
      output = await t.run(input, { workspaceId: p.workspaceId, userId: p.userId, actor, cite: env.cite });
    } catch (err) {
      failed = true;
      output = { error: isAppError(err) ? err.message : 'The tool failed.' };
      ctx.logger.warn({ tool: t.name, code: isAppError(err) ? err.code : undefined, err: isAppError(err) ? undefined : err }, 'chat tool failed');
    }
    const safe = scrubSecrets(output, env.known);
    await recordResult(p, conversationId, toolCallId, t.name, safe);
    emit({ type: 'tool', toolCallId, name: t.name, status: failed ? 'failed' : 'done', summary });
    const card = failed ? undefined : cardOf(t.name, safe);
    if (card) emit({ type: 'card', toolCallId, card });
    return safe;
  }

  const recordResult = (p: Principal, conversationId: string, toolCallId: string, toolName: string, value: unknown) =>
    store.append(p.workspaceId, conversationId, {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId, toolName, output: { type: 'json', value: JSON.parse(JSON.stringify(value ?? null)) } }],
    });

  /** Calls still waiting are cancelled when the person moves on with a new message. */
  async function cancelOpen(p: Principal, conversationId: string, emit?: Emit): Promise<void> {
    for (const pending of await store.pendingOf(p.workspaceId, conversationId)) {
      if (await store.decide(p.workspaceId, pending.id, 'cancelled')) {
        await recordResult(p, conversationId, pending.toolCallId, pending.toolName, { cancelled: true, note: 'The user cancelled this; nothing was done.' });
        emit?.({ type: 'tool', toolCallId: pending.toolCallId, name: pending.toolName, status: 'cancelled', summary: 'Cancelled' });
      }
    }
  }

  /** The turn's end frees the conversation; a failure to do so only delays the next turn until the lease ends. */
  const endTurn = (p: Principal, conversationId: string, lease: string) =>
    store.endTurn(p.workspaceId, conversationId, lease).catch((err: unknown) => ctx.logger.warn({ err, conversationId }, 'could not end the chat turn; the conversation frees itself when its lease ends'));

  /** A failed turn: the error streams to the person and stays in the conversation where it happened. */
  const failTo = (p: Principal, conversationId: string, emit: Emit) => async (err: unknown) => {
    const e = chatErrorOf(err);
    if (!isAppError(err)) ctx.logger.error({ err }, 'chat turn failed');
    emit({ type: 'error', code: e.code, message: e.message });
    await store.append(p.workspaceId, conversationId, { role: 'assistant', content: [{ type: 'text', text: e.message }] }, { via: ERROR_VIA }).catch((cause: unknown) => ctx.logger.warn({ err: cause }, 'could not keep the failed turn'));
  };

  return {
    store,

    /** The confirmation card's target of a paused call (for a conversation reloaded later). */
    async pendingTarget(p: Principal, pending: Pick<PendingCall, 'toolName' | 'input'>): Promise<ActionTarget> {
      const actor = actorOf(p);
      const t = toolsFor(actor).list.find((x) => x.name === pending.toolName);
      const known = await ai.keys.secretsOf(p.workspaceId, p.userId);
      const target: ActionTarget = t ? await targetOf(actor, t, pending.input) : { action: pending.toolName, destination: [], sendsDataOut: true };
      return scrubSecrets(target, known) as ActionTarget;
    },

    /** A new user message (typed or spoken) and the agent's answer. */
    async send(p: Principal, q: { conversationId?: string | undefined; message: string; via: 'text' | 'voice'; model?: string | undefined }, emit: Emit): Promise<void> {
      // Throws 404 or 409 before anything is emitted, so a route can still answer with a status.
      const { conversation: conv, lease } = q.conversationId ? await store.claimTurn(p.workspaceId, p.userId, q.conversationId) : await store.start(p.workspaceId, p.userId, titleOf(q.message));
      emit({ type: 'conversation', conversationId: conv.id, title: conv.title });
      try {
        // A new conversation has no calls waiting.
        if (q.conversationId) await cancelOpen(p, conv.id, emit);
        await store.append(p.workspaceId, conv.id, { role: 'user', content: q.message }, { via: q.via });
        await loop(p, conv, emit, q.model);
      } catch (err) {
        await failTo(p, conv.id, emit)(err);
      } finally {
        await endTurn(p, conv.id, lease);
      }
    },

    /** The person confirmed a paused tool call: run it, then let the agent continue. */
    async confirm(p: Principal, pendingId: string, emit: Emit): Promise<void> {
      // The turn first: a confirmation refused 409 (another turn running) leaves the call pending.
      const pending = await store.getPending(p.workspaceId, p.userId, pendingId);
      const { conversation: conv, lease } = await store.claimTurn(p.workspaceId, p.userId, pending.conversationId);
      try {
        await decidePending(p, pending, 'confirmed');
      } catch (err) {
        await endTurn(p, pending.conversationId, lease);
        throw err;
      }
      emit({ type: 'conversation', conversationId: conv.id, title: conv.title });
      try {
        const t = toolsFor(actorOf(p)).list.find((x) => x.name === pending.toolName);
        if (!t) throw new AppError('ai.tool.unknown', `The tool ${pending.toolName} no longer exists.`, { status: 409 });
        const known = await ai.keys.secretsOf(p.workspaceId, p.userId);
        await execute(p, conv.id, t, pending.toolCallId, pending.input, t.describe(pending.input), { cite: () => 0, known }, emit);
        if ((await store.pendingOf(p.workspaceId, conv.id)).length > 0) {
          emit({ type: 'done', status: 'awaiting_confirmation', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } });
          return;
        }
        await loop(p, conv, emit);
      } catch (err) {
        await failTo(p, conv.id, emit)(err);
      } finally {
        await endTurn(p, conv.id, lease);
      }
    },

    /** The person cancelled: nothing runs; the conversation records that. */
    async cancel(p: Principal, pendingId: string): Promise<{ conversationId: string; messageId: string }> {
      const pending = await store.getPending(p.workspaceId, p.userId, pendingId);
      const { lease } = await store.claimTurn(p.workspaceId, p.userId, pending.conversationId);
      try {
        await decidePending(p, pending, 'cancelled');
        await recordResult(p, pending.conversationId, pending.toolCallId, pending.toolName, { cancelled: true, note: 'The user cancelled this; nothing was done.' });
        const msg = await store.append(p.workspaceId, pending.conversationId, { role: 'assistant', content: [{ type: 'text', text: 'Cancelled — nothing was done.' }] });
        return { conversationId: pending.conversationId, messageId: msg.id };
      } finally {
        await endTurn(p, pending.conversationId, lease);
      }
    },
  };

  /** Decides a call read by its owner; the store's decide is conditional, so only one decision wins. */
  async function decidePending(p: Principal, pending: PendingCall, decision: 'confirmed' | 'cancelled'): Promise<void> {
    if (pending.status !== 'pending' || !(await store.decide(p.workspaceId, pending.id, decision))) {
      throw new AppError('ai.pending.already_decided', `This action was already ${pending.status === 'pending' ? 'decided' : pending.status}.`, { status: 409 });
    }
  }
}

export type Agent = ReturnType<typeof createAgent>;
