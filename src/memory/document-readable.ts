import type { DocumentReadable } from '../realtime/index.js';
import type { Memory } from './memory.js';
import { memberPrincipals } from './principals.js';

/**
 * Memory's own read rule for a document (workspace + the principals its source shared it with), handed to
 * realtime's presence by src/modules.ts (serveDeps): realtime never imports memory.
 */
export const memoryDocumentReadable =
  (memory: Memory): DocumentReadable =>
  async (principal, documentId) => {
    const principals = await memberPrincipals(memory.ctx, principal.workspaceId, principal.userId);
    return !!(await memory.documents.get(principal.workspaceId, documentId, principals));
  };
