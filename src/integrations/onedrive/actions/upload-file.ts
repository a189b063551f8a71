import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { driveItem, itemOut, itemPath, toItemOut } from '../client.js';

export const uploadFile = defineIntegrationAction({
  id: 'onedrive.upload_file',
  service: 'onedrive',
  title: 'Upload a file',
  description: 'Saves a file into a OneDrive folder (simple upload, up to 250 MB).',
  aiDescription: 'Use to save text or base64 data as a file in OneDrive. An existing file with the same name is replaced unless conflict is "rename" or "fail".',
  idempotent: true,
  sideEffect: true,
  input: z
    .object({ name: z.string().min(1).max(400).regex(/^[^/\\:*?"<>|]+$/, { error: 'must be a file name without / \\ : * ? " < > |' }), folderId: z.string().default('root'), content: z.string().optional(), contentBase64: z.string().optional(), mimeType: z.string().default('text/plain'), conflict: z.enum(['replace', 'rename', 'fail']).default('replace') })
    .refine((v) => (v.content === undefined) !== (v.contentBase64 === undefined), { message: 'give exactly one of content or contentBase64', path: ['content'] }),
  output: itemOut,
  async run({ client, signal }, input) {
    const data = input.content !== undefined ? Buffer.from(input.content) : Buffer.from(input.contentBase64 ?? '', 'base64');
    const item = await client.call(
      { method: 'PUT', path: `${itemPath(input.folderId)}:/${encodeURIComponent(input.name)}:/content`, query: { '@microsoft.graph.conflictBehavior': input.conflict }, body: new Uint8Array(data), contentType: input.mimeType, idempotent: input.conflict !== 'rename', signal },
      driveItem,
    );
    return toItemOut(item);
  },
});
