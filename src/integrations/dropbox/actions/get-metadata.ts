import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { dbxEntry, dbxPath, entryOut, toEntryOut } from '../auth.js';

export const getMetadata = defineIntegrationAction({
  id: 'dropbox.get_metadata',
  service: 'dropbox',
  title: 'Get file or folder details',
  description: 'Reads the name, path, size and modified time of a Dropbox file or folder.',
  aiDescription: 'Use to check that a Dropbox file or folder exists and read its size and modified time. path is a full path like "/Reports/q3.txt" or an id like "id:abc".',
  idempotent: true,
  sideEffect: false,
  input: z.object({ path: dbxPath }),
  output: entryOut,
  async run({ client, signal }, input) {
    const meta = await client.call({ method: 'POST', path: '2/files/get_metadata', json: { path: input.path, include_deleted: false }, idempotent: true, signal }, dbxEntry);
    return toEntryOut(meta);
  },
});
