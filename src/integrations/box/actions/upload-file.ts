import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { boxItem, itemOut, toItemOut, uploadBase } from '../auth.js';

export const uploadFile = defineIntegrationAction({
  id: 'box.upload_file',
  service: 'box',
  title: 'Upload a file',
  description: 'Uploads a new file to a Box folder (up to 50 MB).',
  aiDescription: 'Use to save text or base64 data as a new file in a Box folder. Fails with "already exists" when the name is taken.',
  idempotent: false,
  sideEffect: true,
  input: z
    .object({ folderId: z.string().regex(/^\d+$/).default('0'), name: z.string().min(1).max(255), content: z.string().optional(), contentBase64: z.string().optional() })
    .refine((v) => (v.content === undefined) !== (v.contentBase64 === undefined), { message: 'give exactly one of content or contentBase64', path: ['content'] }),
  output: itemOut,
  async run({ client, signal }, input) {
    const data = input.content !== undefined ? Buffer.from(input.content) : Buffer.from(input.contentBase64 ?? '', 'base64');
    const boundary = `atom${randomBytes(8).toString('hex')}`;
    // multipart/form-data with `attributes` first, then `file` (developer.box.com/reference/post-files-content).
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n${JSON.stringify({ name: input.name, parent: { id: input.folderId } })}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${input.name.replace(/"/g, '')}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await client.call(
      { method: 'POST', path: `${uploadBase(client.baseUrl)}/files/content`, body: new Uint8Array(body), contentType: `multipart/form-data; boundary=${boundary}`, signal },
      z.object({ entries: z.array(boxItem).min(1) }).loose(),
    );
    return toItemOut(r.entries[0]!);
  },
});
