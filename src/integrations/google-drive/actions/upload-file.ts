import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { driveFile, FILE_FIELDS, fileOut, toFileOut, uploadBase } from '../client.js';

export const uploadFile = defineIntegrationAction({
  id: 'google_drive.upload_file',
  service: 'google-drive',
  title: 'Upload a file',
  description: 'Creates a file in a Google Drive folder.',
  aiDescription: 'Use to save text (content) or binary data (contentBase64) as a new Drive file in a folder. Creates a new file each time, even with the same name.',
  idempotent: false,
  sideEffect: true,
  input: z
    .object({ name: z.string().min(1).max(1000), folderId: z.string().default('root'), mimeType: z.string().default('text/plain'), content: z.string().optional(), contentBase64: z.string().optional() })
    .refine((v) => (v.content === undefined) !== (v.contentBase64 === undefined), { message: 'give exactly one of content or contentBase64', path: ['content'] }),
  output: fileOut,
  async run({ client, signal }, input) {
    const data = input.content !== undefined ? Buffer.from(input.content, 'utf8') : Buffer.from(input.contentBase64 ?? '', 'base64');
    const boundary = `atom${randomBytes(8).toString('hex')}`;
    // Multipart upload (developers.google.com/drive/api/guides/manage-uploads#multipart): metadata then media.
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify({ name: input.name, parents: [input.folderId], mimeType: input.mimeType })}\r\n--${boundary}\r\nContent-Type: ${input.mimeType}\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--`),
    ]);
    const created = await client.call(
      { method: 'POST', path: `${uploadBase(client.baseUrl)}/files`, query: { uploadType: 'multipart', fields: FILE_FIELDS, supportsAllDrives: true }, body: new Uint8Array(body), contentType: `multipart/related; boundary=${boundary}`, signal },
      driveFile,
    );
    return toFileOut(created);
  },
});
