import { ExtractionError, type Block, type ExtractedDocument } from './types.js';

/**
 * Bytes to text: UTF-8 (BOM dropped), or UTF-16 when a BOM says so. Files with NUL bytes in the first
 * kilobytes are binary, not text.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) throw new ExtractionError('memory.extract.unsupported_type', 'The file is binary, not text.');
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** Plain text: paragraphs are separated by blank lines. */
export function extractText(text: string): ExtractedDocument {
  const blocks: Block[] = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ kind: 'paragraph', text: p }));
  return { title: undefined, blocks, meta: {} };
}
