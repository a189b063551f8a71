import { z } from 'zod';
import { AppError } from '../../../platform/errors/index.js';
import { defineIntegrationAction } from '../../pieces.js';
import { apiArg, contentBase, dbxEntry, dbxPath, entryOut, toEntryOut } from '../auth.js';

/** Bytes as UTF-8 text when they decode cleanly and hold no NUL (binary files do), base64 otherwise. */
export function asTextOrBase64(bytes: Uint8Array): { encoding: 'text' | 'base64'; content: string } {
  if (!bytes.includes(0)) {
    try {
      return { encoding: 'text', content: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      // not UTF-8: fall through to base64
    }
  }
  return { encoding: 'base64', content: Buffer.from(bytes).toString('base64') };
}

const parseJson = (s: string): unknown => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
};

export const downloadFile = defineIntegrationAction({
  id: 'dropbox.download_file',
  service: 'dropbox',
  title: 'Download a file',
  description: 'Reads a Dropbox file: text as text, anything else as base64 (up to 10 MB).',
  aiDescription: 'Use to read the contents of one Dropbox file by full path ("/Reports/q3.txt") or id. encoding says whether content is text or base64. Files above maxBytes are refused.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ path: dbxPath, maxBytes: z.number().int().min(1).max(10_000_000).default(1_000_000) }),
  output: entryOut.extend({ encoding: z.enum(['text', 'base64']), content: z.string() }),
  async run({ client, signal }, input) {
    // Size first: the client buffers the whole answer, so a large file is refused before it is fetched.
    const meta = await client.call({ method: 'POST', path: '2/files/get_metadata', json: { path: input.path }, idempotent: true, signal }, dbxEntry);
    if (meta['.tag'] !== 'file') throw new AppError('integrations.dropbox.not_a_file', `${meta.path_display ?? input.path} is a folder, not a file.`, { status: 400, fields: [{ field: 'path', message: 'is a folder' }] });
    if ((meta.size ?? 0) > input.maxBytes) {
      throw new AppError('integrations.dropbox.too_large', `The file is ${meta.size} bytes, above the limit of ${input.maxBytes}.`, { status: 413, fields: [{ field: 'maxBytes', message: `the file is ${meta.size} bytes` }] });
    }
    // Content endpoint: the argument travels in Dropbox-API-Arg, the body is empty, the metadata comes back in Dropbox-API-Result.
    const res = await client.request({ method: 'POST', path: `${contentBase(client.baseUrl)}/2/files/download`, headers: { 'dropbox-api-arg': apiArg({ path: input.path }) }, idempotent: true, responseType: 'bytes', signal });
    const bytes = res.body instanceof Uint8Array ? res.body : new Uint8Array();
    if (bytes.length > input.maxBytes) throw new AppError('integrations.dropbox.too_large', `The file is ${bytes.length} bytes, above the limit of ${input.maxBytes}.`, { status: 413, fields: [{ field: 'maxBytes', message: `the file is ${bytes.length} bytes` }] });
    const header = res.headers.get('dropbox-api-result');
    const fresh = header ? dbxEntry.omit({ '.tag': true }).safeParse(parseJson(header)) : undefined;
    const entry = fresh?.success ? { ...fresh.data, '.tag': 'file' as const } : meta;
    return { ...toEntryOut(entry), ...asTextOrBase64(bytes) };
  },
});
