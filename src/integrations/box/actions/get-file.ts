import { z } from 'zod';
import { AppError } from '../../../platform/errors/index.js';
import { defineIntegrationAction } from '../../pieces.js';
import { boxItem, itemOut, toItemOut } from '../auth.js';

const FIELDS = 'type,id,name,size,modified_at,created_at,description,extension,sha1,parent';
const boxFile = boxItem.extend({ created_at: z.string().nullish(), description: z.string().nullish(), extension: z.string().nullish(), sha1: z.string().nullish(), parent: z.object({ id: z.string(), name: z.string().optional() }).loose().nullish() });

/** Bytes as UTF-8 text when they decode cleanly and hold no NUL (binary files do), base64 otherwise. */
const asTextOrBase64 = (bytes: Uint8Array): { encoding: 'text' | 'base64'; content: string } => {
  if (!bytes.includes(0)) {
    try {
      return { encoding: 'text', content: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      // not UTF-8: fall through to base64
    }
  }
  return { encoding: 'base64', content: Buffer.from(bytes).toString('base64') };
};

const tooLarge = (size: number, max: number) => new AppError('integrations.box.too_large', `The file is ${size} bytes, above the limit of ${max}.`, { status: 413, fields: [{ field: 'maxBytes', message: `the file is ${size} bytes` }] });

export const getFile = defineIntegrationAction({
  id: 'box.get_file',
  service: 'box',
  title: 'Get a file',
  description: "Reads a Box file's details, and its content when asked (text as text, anything else as base64, up to 10 MB).",
  aiDescription: 'Use to look at one Box file by its numeric id. With includeContent the file is downloaded: encoding says whether content is text or base64. Files above maxBytes are refused.',
  idempotent: true,
  sideEffect: false,
  input: z.object({
    fileId: z.string().regex(/^\d+$/, { error: 'must be a numeric Box file id' }),
    includeContent: z.boolean().default(false),
    maxBytes: z.number().int().min(1).max(10_000_000).default(1_000_000),
  }),
  output: itemOut.extend({
    createdTime: z.string().nullable(),
    description: z.string().nullable(),
    extension: z.string().nullable(),
    sha1: z.string().nullable(),
    parentId: z.string().nullable(),
    encoding: z.enum(['text', 'base64']).nullable(),
    content: z.string().nullable(),
  }),
  async run({ client, signal }, input) {
    const path = `files/${input.fileId}`;
    const f = await client.call({ path, query: { fields: FIELDS }, signal }, boxFile);
    // Box answers "" for a missing description.
    const out = { ...toItemOut(f), createdTime: f.created_at ?? null, description: f.description || null, extension: f.extension ?? null, sha1: f.sha1 ?? null, parentId: f.parent?.id ?? null };
    if (!input.includeContent) return { ...out, encoding: null, content: null };
    // Size first: the client buffers the whole answer, so a large file is refused before it is fetched.
    if ((f.size ?? 0) > input.maxBytes) throw tooLarge(f.size ?? 0, input.maxBytes);
    // files/:id/content answers 302 to a short-lived download URL; the client follows it.
    const res = await client.request({ path: `${path}/content`, responseType: 'bytes', signal });
    const bytes = res.body instanceof Uint8Array ? res.body : new Uint8Array();
    if (bytes.length > input.maxBytes) throw tooLarge(bytes.length, input.maxBytes);
    return { ...out, ...asTextOrBase64(bytes) };
  },
});
