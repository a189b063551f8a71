import type { Memory } from '../memory/index.js';
import type { DocumentReadable } from './presence.js';

/** Memory's own read rule for a document (workspace + the principals its source shared it with). */
export const memoryDocumentReadable =
  (memory: Memory): DocumentReadable =>
  async (principal, documentId) => {
    // Loaded on use: workers publish events through this module and never need memory's stores.
    const { memberPrincipals } = await import('../memory/index.js');
    const principals = await memberPrincipals(memory.ctx, principal.workspaceId, principal.userId);
    return !!(await memory.documents.get(principal.workspaceId, documentId, principals));
  };
