import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError, errors, newId } from '../platform/index.js';
import type { Memory } from './memory.js';
import type { IncomingFile } from './pipeline/ingest-file.js';
import { everyone, userPrincipal } from './principals.js';

export interface ReceivedUpload {
  dir: string;
  files: IncomingFile[];
  tooLarge: { name: string; mime: string }[];
}

/**
 * An upload's identity within the workspace's "uploads" source: its owner, its visibility and its name.
 * The same person uploading the same name with the same visibility replaces their file (its content hash
 * is its revision); anybody else's upload of that name is a document of its own and never touches it.
 */
export const uploadKey = (ownerId: string, visibility: 'private' | 'workspace', name: string) => `${ownerId}/${visibility}/${name}`;

/**
 * Streams every file part of a multipart request to a temporary folder (never whole in memory) and
 * describes each as an IncomingFile of the workspace's "uploads" source. Uploads are readable by the
 * whole workspace unless the form field `visibility` is `private` (sent before the files).
 */
export async function receiveUploads(memory: Memory, request: FastifyRequest, who: { workspaceId: string; userId: string }): Promise<ReceivedUpload> {
  const connection = await memory.connections.ensure(who.workspaceId, 'upload', 'Uploads');
  const dir = path.join(memory.ctx.dataDir, 'memory-uploads', newId('up'));
  await mkdir(dir, { recursive: true });
  const files: IncomingFile[] = [];
  const tooLarge: ReceivedUpload['tooLarge'] = [];
  let visibility = 'workspace';
  let n = 0;
  try {
    await readParts();
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    const status = (err as { statusCode?: unknown }).statusCode;
    if (err instanceof AppError || (typeof status === 'number' && status >= 400 && status < 500)) throw err;
    // A body cut off mid-part (or otherwise not parseable) is the client's fault, not a fault of ours.
    throw errors.badRequest(`The upload could not be read: ${(err as Error).message}.`, [{ field: 'body', message: 'is not a complete multipart/form-data body' }], 'memory.upload.malformed');
  }
  return { dir, files, tooLarge };

  async function readParts(): Promise<void> {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === 'visibility' && typeof part.value === 'string') visibility = part.value;
        continue;
      }
      // Control characters (NUL above all: PostgreSQL text refuses it) never make it into a stored name.
      const name = [...path.basename(part.filename || '')].filter((ch) => ch > '\u001f' && ch !== '\u007f').join('') || `file-${n + 1}`;
      const where = path.join(dir, String(n++));
      const hash = createHash('sha256');
      part.file.on('data', (c: Buffer) => hash.update(c));
      await pipeline(part.file, createWriteStream(where));
      if (part.file.truncated) {
        tooLarge.push({ name, mime: part.mimetype });
        await rm(where, { force: true });
        continue;
      }
      const digest = hash.digest('hex');
      files.push({
        connection,
        externalId: uploadKey(who.userId, visibility === 'private' ? 'private' : 'workspace', name),
        name,
        path: `Uploads/${name}`,
        mime: part.mimetype === 'application/octet-stream' ? undefined : part.mimetype,
        owner: who.userId,
        modifiedAt: new Date().toISOString(),
        revision: digest,
        principals: visibility === 'private' ? [userPrincipal(who.userId)] : [everyone],
        load: () => readFile(where),
      });
    }
  }
}
