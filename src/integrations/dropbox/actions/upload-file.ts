import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { apiArg, contentBase, dbxEntry, entryOut, toEntryOut } from '../auth.js';

export const uploadFile = defineIntegrationAction({
  id: 'dropbox.upload_file',
  service: 'dropbox',
  title: 'Upload a file',
  description: 'Saves a file to Dropbox (up to 150 MB).',
  aiDescription: 'Use to save text or base64 data as a Dropbox file at a full path like "/Reports/q3.txt". mode "add" renames on conflict; "overwrite" replaces.',
  idempotent: false,
  sideEffect: true,
  input: z
    .object({ path: z.string().regex(/^\/.+/, { error: 'must be a full path starting with /' }), content: z.string().optional(), contentBase64: z.string().optional(), mode: z.enum(['add', 'overwrite']).default('add') })
    .refine((v) => (v.content === undefined) !== (v.contentBase64 === undefined), { message: 'give exactly one of content or contentBase64', path: ['content'] }),
  output: entryOut,
  async run({ client, signal }, input) {
    const data = input.content !== undefined ? Buffer.from(input.content) : Buffer.from(input.contentBase64 ?? '', 'base64');
    const meta = await client.call(
      {
        method: 'POST',
        path: `${contentBase(client.baseUrl)}/2/files/upload`,
        headers: { 'dropbox-api-arg': apiArg({ path: input.path, mode: input.mode, autorename: input.mode === 'add', mute: false }) },
        body: new Uint8Array(data),
        contentType: 'application/octet-stream',
        idempotent: input.mode === 'overwrite',
        signal,
      },
      dbxEntry.omit({ '.tag': true }).extend({ '.tag': z.literal('file').default('file') }),
    );
    return toEntryOut(meta);
  },
});
