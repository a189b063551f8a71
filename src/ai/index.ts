import type { AtomModule } from '../platform/index.js';
import { registerRetentionClass } from '../retention/index.js';
import { chatRetentionClass } from './chat/retention.js';
/** The AI assistant: bring-your-own-key models, usage and budgets, the chat agent, natural language → workflow. */
export { aiRoutes } from './routes.js';
export { chatRoutes, conversationRoutes } from './chat/routes.js';
export { workflowFromTextRoutes } from './planner/routes.js';
export { planOffline } from './planner/offline-planner.js';
export { workflowDrafter } from './planner/from-text.js';
export type { WorkflowDraft, PlanStructure } from './planner/draft.js';
export { aiServices, type AiServices } from './assistant.js';
// For the process action registry (src/actions.ts): workflow steps of type `ai`.
export { registerAiWorkflowAction } from './workflow-action.js';
export { chatAgent } from './chat/chat-agent.js';
export { memorySearchPort, searchMemoryFromChat } from './chat/memory-search.js';
export { workflowsForChat } from './chat/workflow-port.js';
export { chatRetentionClass } from './chat/retention.js';
export { provideAgentPorts, type AgentPorts, type MemorySearch, type ActionCatalog, type WorkflowDesk, type DocumentHit, type ActionInfo, type RunStatus, type WorkflowSummary } from './chat/ports.js';
export { parseEventStream } from './chat/event-stream.js';
export { providers, providerIds, parseModelRef, modelRefSchema, type ProviderId, type ModelRef } from './providers/catalog.js';
export { maskSecret } from './keys/key-repository.js';

/** The AI domain as src/app.ts and src/worker.ts install it (nothing registers on import). */
export const aiModule: AtomModule = {
  name: 'ai',
  // Chat history is a retention data class (workspaces set how long conversations are kept).
  install: (ctx) => registerRetentionClass(ctx, chatRetentionClass),
};
