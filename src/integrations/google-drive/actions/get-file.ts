import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { driveFile, FILE_FIELDS, fileOut, toFileOut } from '../client.js';

export const getFile = defineIntegrationAction({
  id: 'google_drive.get_file',
  service: 'google-drive',
  title: 'Get a file',
  description: "Reads a Drive file's details, and its text content when asked.",
  aiDescription: 'Use to look at one Drive file by id. With includeContent, Google Docs are exported as plain text and text files are downloaded (up to 1 MB).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ fileId: z.string().min(1), includeContent: z.boolean().default(false) }),
  output: fileOut.extend({ content: z.string().nullable() }),
  async run({ client, signal }, input) {
    const path = `files/${encodeURIComponent(input.fileId)}`;
    const meta = await client.call({ path, query: { fields: FILE_FIELDS, supportsAllDrives: true }, signal, cacheTtlMs: 0 }, driveFile);
    let content: string | null = null;
    if (input.includeContent) {
      const isDoc = meta.mimeType === 'application/vnd.google-apps.document';
      const res = await client.request({ path: isDoc ? `${path}/export` : path, query: isDoc ? { mimeType: 'text/plain' } : { alt: 'media' }, responseType: 'text', signal });
      content = typeof res.body === 'string' ? res.body.slice(0, 1_000_000) : null;
    }
    return { ...toFileOut(meta), content };
  },
});
