import { z } from 'zod';
import { collect, paginate } from '../../http/index.js';
import { defineIntegrationAction } from '../../pieces.js';
import { dbxEntry, entryOut, toEntryOut } from '../auth.js';

const page = z.object({ entries: z.array(dbxEntry), cursor: z.string(), has_more: z.boolean() });

export const listFolder = defineIntegrationAction({
  id: 'dropbox.list_folder',
  service: 'dropbox',
  title: 'List a folder',
  description: 'Lists the files and folders in a Dropbox folder.',
  aiDescription: 'Use to browse Dropbox. path is "" for the root or like "/Reports".',
  idempotent: true,
  sideEffect: false,
  input: z.object({ path: z.string().regex(/^(|\/.*)$/, { error: 'must be "" (root) or start with /' }).default(''), recursive: z.boolean().default(false), limit: z.number().int().min(1).max(10_000).default(500) }),
  output: z.object({ entries: z.array(entryOut) }),
  async run({ client, signal }, input) {
    const entries = await collect(
      paginate(client, {
        first: { method: 'POST', path: '2/files/list_folder', json: { path: input.path, recursive: input.recursive, limit: 2000 }, idempotent: true, signal },
        schema: page,
        items: (p) => p.entries,
        // Later pages come from a different endpoint, keyed by the cursor.
        next: (p, req) => (p.body.has_more ? { ...req, path: '2/files/list_folder/continue', json: { cursor: p.body.cursor } } : undefined),
        maxItems: input.limit,
      }),
    );
    return { entries: entries.filter((e) => e['.tag'] !== 'deleted').map(toEntryOut) };
  },
});
