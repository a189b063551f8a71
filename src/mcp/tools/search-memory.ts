import { z } from 'zod';
import { memberPrincipals, searchMemory } from '../../memory/index.js';
import { defineTool } from '../tool.js';
import { documentLink, holds, plainText } from './common.js';

/** GET /api/memory/search: hybrid search over the documents the caller may read. */
export const searchMemoryTool = defineTool({
  name: 'search_memory',
  title: 'Search memory',
  description:
    "Searches the team's documents in Atom (uploads, Google Drive, OneDrive) by meaning and by words at once, and returns the best documents with their " +
    'matching passages, titles and links. Only documents the caller may read are searched. Use get_document_passages to read a whole document.',
  input: z.object({
    query: z.string().trim().min(1).max(1000).describe('what to look for, in plain words'),
    limit: z.number().int().min(1).max(50).default(8).describe('documents to return'),
    mode: z.enum(['hybrid', 'fulltext', 'vector']).default('hybrid'),
  }),
  route: 'GET /api/memory/search',
  readOnly: true,
  allowed: holds('memory:read'),
  async run(input, c) {
    const principals = await memberPrincipals(c.ctx, c.actor.workspaceId, c.actor.userId);
    const result = await searchMemory(c.memory, { q: input.query, workspaceId: c.actor.workspaceId, principals, limit: input.limit, mode: input.mode });
    c.memory.metrics.searchResults.inc({ found: result.hits.length > 0 ? 'yes' : 'no' });
    // Counted in the search analytics like the API's searches; a failed write of a statistic fails nothing.
    c.memory.queries.record(c.actor.workspaceId, input.query, result.hits.length, result.tookMs);
    return {
      query: input.query,
      hits: result.hits.map((h) => ({
        documentId: h.documentId,
        title: h.title,
        link: documentLink(c.ctx, h.documentId, h.url),
        source: h.source,
        path: h.path,
        ...(h.modifiedAt ? { modifiedAt: h.modifiedAt } : {}),
        score: h.score,
        passages: h.passages.map((p) => ({ chunkIndex: p.chunkIndex, text: plainText(p.snippet) })),
      })),
    };
  },
});
