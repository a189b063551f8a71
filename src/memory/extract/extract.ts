import { extractCsv } from './csv.js';
import { detectMime, mimeTypes } from './detect.js';
import { extractDocx } from './docx.js';
import { extractEml } from './eml.js';
import { extractHtml } from './html.js';
import { extractJson } from './json.js';
import { extractMarkdown } from './markdown.js';
import { extractPdf } from './pdf.js';
import { extractPptx } from './pptx.js';
import { decodeText, extractText } from './text.js';
import {
  defaultExtractionLimits,
  ExtractionError,
  type ExtractedDocument,
  type ExtractionInput,
  type ExtractionLimits,
  type ExtractionResult,
} from './types.js';
import { extractXlsx } from './xlsx.js';

async function byType(mime: string, input: ExtractionInput, limits: ExtractionLimits): Promise<ExtractedDocument> {
  const { bytes } = input;
  switch (mime) {
    case mimeTypes.pdf:
      return extractPdf(bytes, limits);
    case mimeTypes.docx:
      return extractDocx(bytes, limits);
    case mimeTypes.xlsx:
      return extractXlsx(bytes, limits);
    case mimeTypes.pptx:
      return extractPptx(bytes, limits);
    case mimeTypes.csv:
      return extractCsv(decodeText(bytes), input.name);
    case mimeTypes.html:
      return extractHtml(decodeText(bytes));
    case mimeTypes.markdown:
      return extractMarkdown(decodeText(bytes));
    case mimeTypes.text:
      return extractText(decodeText(bytes));
    case mimeTypes.json:
      return extractJson(decodeText(bytes));
    case mimeTypes.eml:
      return extractEml(bytes);
    default:
      throw new ExtractionError('memory.extract.unsupported_type', `Files of type ${mime} are not read.`);
  }
}

/**
 * Reads one file into structural blocks. Never throws for a bad file: encrypted, damaged, oversized or
 * unsupported input comes back as `{ ok: false, code, reason }` so a pipeline can record it and move on.
 */
export async function extractDocument(input: ExtractionInput, limits: ExtractionLimits = defaultExtractionLimits): Promise<ExtractionResult> {
  const mime = detectMime(input.bytes, input.name, input.mime);
  if (input.bytes.byteLength > limits.maxBytes) {
    return { ok: false, mime, code: 'memory.extract.too_large', reason: `The file is ${input.bytes.byteLength} bytes; the limit is ${limits.maxBytes}.` };
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ExtractionError('memory.extract.timeout', `Reading took longer than ${limits.timeoutMs} ms.`)), limits.timeoutMs);
    });
    const document = await Promise.race([byType(mime, input, limits), timeout]);
    let chars = 0;
    const blocks = document.blocks.filter((b) => {
      chars += b.text.length;
      return b.text.trim() !== '' && chars <= limits.maxTextChars;
    });
    if (blocks.length === 0) return { ok: false, mime, code: 'memory.extract.empty', reason: 'The file has no text to index.' };
    return { ok: true, mime, document: { ...document, blocks } };
  } catch (err) {
    if (err instanceof ExtractionError) return { ok: false, mime, code: err.code, reason: err.message };
    // Libraries throw all sorts of things on malformed input; to the pipeline it is a damaged file.
    return { ok: false, mime, code: 'memory.extract.corrupt', reason: `The file could not be read: ${(err as Error)?.message ?? String(err)}`.slice(0, 300) };
  } finally {
    clearTimeout(timer);
  }
}
