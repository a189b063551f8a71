import { z } from 'zod';
import { collect, cursorInQuery, paginate } from '../../http/index.js';
import { defineIntegrationAction } from '../../pieces.js';
import { boxItem, itemOut, toItemOut } from '../auth.js';

const page = z.object({ entries: z.array(boxItem), next_marker: z.string().nullish() });

export const listFolder = defineIntegrationAction({
  id: 'box.list_folder',
  service: 'box',
  title: 'List a folder',
  description: 'Lists the items in a Box folder.',
  aiDescription: 'Use to browse a Box folder by id ("0" is the root).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ folderId: z.string().regex(/^\d+$/, { error: 'must be a numeric Box folder id ("0" is the root)' }).default('0'), limit: z.number().int().min(1).max(10_000).default(500) }),
  output: z.object({ items: z.array(itemOut) }),
  async run({ client, signal }, input) {
    // Marker-based paging (usemarker=true) is the one Box recommends for large folders.
    const items = await collect(
      paginate(client, {
        first: { path: `folders/${input.folderId}/items`, query: { usemarker: true, limit: 1000, fields: 'type,id,name,size,modified_at' }, signal },
        schema: page,
        items: (p) => p.entries,
        next: cursorInQuery('marker', (p) => p.next_marker),
        maxItems: input.limit,
      }),
    );
    return { items: items.map(toItemOut) };
  },
});
