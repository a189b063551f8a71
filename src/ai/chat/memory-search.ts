import { memberPrincipals, searchMemory, type Memory } from '../../memory/index.js';
import type { AppContext } from '../../platform/index.js';
import { defaultAgentPorts, type MemorySearch } from './ports.js';

/**
 * The agent's document search over Atom's memory: hybrid search with the caller's access (their own
 * documents, shared ones, and those of their connected accounts), best passage as the excerpt.
 */
export function memorySearchPort(memory: Memory): MemorySearch {
  return {
    async search({ workspaceId, userId, query, limit }) {
      const principals = await memberPrincipals(memory.ctx, workspaceId, userId);
      const { hits } = await searchMemory(memory, { q: query, workspaceId, principals, limit });
      return hits.map((h) => ({
        documentId: h.documentId,
        title: h.title,
        url: h.url ?? `/memory/documents/${h.documentId}`,
        // Search marks matched words for display; the model gets plain text.
        snippet: (h.passages[0]?.snippet ?? '').replace(/<\/?mark>/g, ''),
        score: h.score,
      }));
    },
  };
}

/** Lets the chat agent search this memory (app.ts calls it with the app's shared memory). */
export function searchMemoryFromChat(ctx: AppContext, memory: Memory): void {
  defaultAgentPorts(ctx, { memory: memorySearchPort(memory) });
}
