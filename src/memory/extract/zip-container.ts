import yauzl from 'yauzl';
import { ExtractionError, type ExtractionLimits } from './types.js';

export type ZipEntries = Map<string, Buffer>;

/**
 * Opens an Office (zip) container defensively: the declared sizes must stay under the decompressed-size
 * and ratio limits, and every entry is actually inflated with a running byte count, so an archive that
 * lies about its sizes (the classic zip bomb) is stopped while inflating rather than after.
 * Returns the entries whose names `keep` accepts.
 */
export function readZipContainer(
  bytes: Uint8Array,
  limits: Pick<ExtractionLimits, 'maxDecompressedBytes' | 'maxCompressionRatio'>,
  keep: (name: string) => boolean = () => true,
): Promise<ZipEntries> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cap = Math.min(limits.maxDecompressedBytes, Math.max(1024 * 1024, buffer.length * limits.maxCompressionRatio));
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (openErr, zip) => {
      if (openErr || !zip) {
        reject(new ExtractionError('memory.extract.corrupt', 'The file is not a readable zip container.', { cause: openErr }));
        return;
      }
      const out: ZipEntries = new Map();
      let declared = 0;
      let inflated = 0;
      let settled = false;
      const fail = (err: ExtractionError) => {
        if (settled) return;
        settled = true;
        zip.close();
        reject(err);
      };
      const bomb = () =>
        new ExtractionError('memory.extract.zip_bomb', `The archive expands to more than ${cap} bytes; it was not read.`);
      zip.on('error', (err: Error) =>
        fail(
          /too many bytes|expected \d+ bytes|uncompressedSize/i.test(err.message)
            ? bomb()
            : new ExtractionError('memory.extract.corrupt', 'The zip container is damaged.', { cause: err }),
        ),
      );
      zip.on('end', () => {
        if (settled) return;
        settled = true;
        resolve(out);
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        declared += entry.uncompressedSize;
        if (declared > cap) return fail(bomb());
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) {
            return fail(
              /encrypted/i.test(err?.message ?? '')
                ? new ExtractionError('memory.extract.encrypted', 'The archive is encrypted.', { cause: err })
                : new ExtractionError('memory.extract.corrupt', 'A part of the zip container is damaged.', { cause: err }),
            );
          }
          const wanted = keep(entry.fileName);
          const parts: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => {
            inflated += chunk.length;
            if (inflated > cap) {
              stream.destroy();
              fail(bomb());
              return;
            }
            if (wanted) parts.push(chunk);
          });
          stream.on('error', (e: Error) =>
            fail(
              /too many bytes|expected \d+ bytes/i.test(e.message)
                ? bomb()
                : new ExtractionError('memory.extract.corrupt', 'A part of the zip container is damaged.', { cause: e }),
            ),
          );
          stream.on('end', () => {
            if (wanted) out.set(entry.fileName, Buffer.concat(parts));
            if (!settled) zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
