import type { Memory } from '../memory/index.js';
import type { Authenticator } from '../platform/http/index.js';
import type { AtomModule } from '../platform/index.js';
import { registerRetentionClass } from '../retention/index.js';
import { searchMemoryFromChat } from './chat/memory-search.js';
import type { WorkflowDesk } from './chat/ports.js';
import { chatRetentionClass } from './chat/retention.js';
import { chatRoutes, conversationRoutes } from './chat/routes.js';
import { workflowsForChat } from './chat/workflow-port.js';
import { workflowFromTextRoutes } from './planner/routes.js';
import { registerAiWorkflowAction } from './workflow-action.js';
import { aiRoutes } from './routes.js';
/** The AI assistant: bring-your-own-key models, usage and budgets, the chat agent, natural language → workflow. */
export { aiRoutes } from './routes.js';
export { chatRoutes, conversationRoutes } from './chat/routes.js';
export { workflowFromTextRoutes } from './planner/routes.js';
export { planOffline } from './planner/offline-planner.js';
export { workflowDrafter } from './planner/from-text.js';
export type { WorkflowDraft, PlanStructure } from './planner/draft.js';
export { aiServices, type AiServices } from './assistant.js';
// Installed by aiModule below: workflow steps of type `ai`.
export { registerAiWorkflowAction } from './workflow-action.js';
export { chatAgent } from './chat/chat-agent.js';
export { memorySearchPort, searchMemoryFromChat } from './chat/memory-search.js';
export { workflowsForChat } from './chat/workflow-port.js';
export { chatRetentionClass } from './chat/retention.js';
export { provideAgentPorts, type AgentPorts, type MemorySearch, type ActionCatalog, type WorkflowDesk, type DocumentHit, type ActionInfo, type RunStatus, type WorkflowSummary } from './chat/ports.js';
export { parseEventStream } from './chat/event-stream.js';
export { providers, providerIds, parseModelRef, modelRefSchema, type ProviderId, type ModelRef } from './providers/catalog.js';
export { maskSecret } from './keys/key-repository.js';

/** What the AI domain's API needs from the others: the process's Memory, the workflows, the plain authenticator. */
export interface AiServeDeps {
  memory: Memory;
  desk: WorkflowDesk;
  /** The request authenticator (not the once-per-request one): a chat stream re-checks its caller with it. */
  authenticator: Authenticator;
}

/** The AI domain as src/app.ts and src/worker.ts compose it (nothing registers on import). */
export const aiModule: AtomModule<object, AiServeDeps> = {
  name: 'ai',
  // Chat history is a retention data class (workspaces set how long conversations are kept).
  install: (ctx) => {
    registerRetentionClass(ctx, chatRetentionClass);
    // `ai.generate`: a workflow step that asks the workspace's model.
    registerAiWorkflowAction(ctx);
  },
  routes: (ctx, deps) => {
    // The chat agent's document search and workflow tools, over the process's Memory and the workflow desk.
    searchMemoryFromChat(ctx, deps.memory);
    workflowsForChat(ctx, deps.desk);
    return [
      { plugin: aiRoutes(ctx), prefix: '/api/ai' },
      { plugin: conversationRoutes(ctx), prefix: '/api/conversations' },
      { plugin: chatRoutes(ctx, { authenticator: deps.authenticator }), prefix: '/api/chat' },
      { plugin: workflowFromTextRoutes(ctx), prefix: '/api/workflows' },
    ];
  },
};
