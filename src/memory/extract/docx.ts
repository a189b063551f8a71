import mammoth from 'mammoth';
import { parseHTML } from 'linkedom';
import { blocksFromDom } from './html.js';
import { ExtractionError, type ExtractedDocument, type ExtractionLimits } from './types.js';
import { readZipContainer } from './zip-container.js';

/**
 * DOCX through mammoth (Word styles become HTML headings, lists and tables), after the container passed
 * the zip-bomb guard. Password-protected Word files are not zips at all (OLE compound files).
 */
export async function extractDocx(bytes: Uint8Array, limits: ExtractionLimits): Promise<ExtractedDocument> {
  if (isOleCompound(bytes)) throw new ExtractionError('memory.extract.encrypted', 'The Word document is password-protected.');
  const entries = await readZipContainer(bytes, limits, (n) => n === 'word/document.xml');
  if (!entries.has('word/document.xml')) throw new ExtractionError('memory.extract.corrupt', 'The file is not a Word document (no word/document.xml).');
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (err) {
    throw new ExtractionError('memory.extract.corrupt', 'The Word document is damaged.', { cause: err });
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks = blocksFromDom(document.body as never);
  const title = blocks.find((b) => b.kind === 'heading')?.text;
  return { title, blocks, meta: {} };
}

/** Encrypted Office files are OLE compound documents (D0 CF 11 E0), whatever their extension says. */
export const isOleCompound = (b: Uint8Array) => b.length > 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
