import { z } from 'zod';
import { memberPrincipals } from '../../memory/index.js';
import { documentPassages } from '../../memory/passages.js';
import { AppError } from '../../platform/index.js';
import { defineTool } from '../tool.js';
import { documentLink, holds } from './common.js';

/** GET /api/memory/documents/:id/passages: a document the caller may read, passage by passage. */
export const documentPassagesTool = defineTool({
  name: 'get_document_passages',
  title: "Read a document's passages",
  description: 'Returns the text of one document from Atom memory, passage by passage in order, with its title and link. Takes a documentId from search_memory.',
  input: z.object({
    documentId: z.string().min(1).max(200),
    limit: z.number().int().min(1).max(2000).default(200).describe('passages to return at most, from the start'),
  }),
  route: 'GET /api/memory/documents/:id/passages',
  readOnly: true,
  allowed: holds('memory:read'),
  async run(input, c) {
    const principals = await memberPrincipals(c.ctx, c.actor.workspaceId, c.actor.userId);
    const found = await documentPassages(c.memory, { workspaceId: c.actor.workspaceId, documentId: input.documentId, principals, limit: input.limit });
    // Someone else's private document is answered like a missing one, as the API does.
    if (!found) throw new AppError('memory.document_not_found', 'The document was not found.', { status: 404 });
    const d = found.document;
    return {
      documentId: d.id,
      title: d.title,
      link: documentLink(c.ctx, d.id, d.url),
      source: d.source,
      mime: d.mime,
      passages: found.passages,
    };
  },
});
