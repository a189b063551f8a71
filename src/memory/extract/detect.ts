import path from 'node:path';

/** The document types Atom reads, by canonical MIME type. */
export const mimeTypes = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  csv: 'text/csv',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
  json: 'application/json',
  eml: 'message/rfc822',
} as const;

export type SupportedMime = (typeof mimeTypes)[keyof typeof mimeTypes];

const byExtension: Record<string, SupportedMime> = {
  '.pdf': mimeTypes.pdf,
  '.docx': mimeTypes.docx,
  '.xlsx': mimeTypes.xlsx,
  '.pptx': mimeTypes.pptx,
  '.csv': mimeTypes.csv,
  '.tsv': mimeTypes.csv,
  '.html': mimeTypes.html,
  '.htm': mimeTypes.html,
  '.md': mimeTypes.markdown,
  '.markdown': mimeTypes.markdown,
  '.txt': mimeTypes.text,
  '.text': mimeTypes.text,
  '.log': mimeTypes.text,
  '.json': mimeTypes.json,
  '.eml': mimeTypes.eml,
};

const aliases: Record<string, SupportedMime> = {
  'application/xhtml+xml': mimeTypes.html,
  'text/x-markdown': mimeTypes.markdown,
  'application/csv': mimeTypes.csv,
  'text/tab-separated-values': mimeTypes.csv,
  'text/json': mimeTypes.json,
};

const supported: ReadonlySet<string> = new Set(Object.values(mimeTypes));

const startsWith = (bytes: Uint8Array, text: string) => {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
};

/**
 * The type of a file: the extension and declared type first (a .docx is a zip, and only the name tells
 * which Office kind), checked against magic bytes so a renamed binary is not read as text.
 * Returns the declared/guessed type even when unsupported, so failures can name it.
 */
export function detectMime(bytes: Uint8Array, name: string, declared?: string): string {
  const fromDeclared = declared ? (aliases[declared.split(';')[0]!.trim().toLowerCase()] ?? declared.split(';')[0]!.trim().toLowerCase()) : undefined;
  const fromName = byExtension[path.extname(name).toLowerCase()];
  const guess = fromName ?? (fromDeclared && supported.has(fromDeclared) ? fromDeclared : undefined);
  const isPdf = startsWith(bytes, '%PDF-');
  const isZip = startsWith(bytes, 'PK\u0003\u0004');
  if (isPdf) return mimeTypes.pdf;
  if (guess === mimeTypes.docx || guess === mimeTypes.xlsx || guess === mimeTypes.pptx) return guess;
  if (isZip) return 'application/zip';
  if (guess) return guess;
  return fromDeclared ?? 'application/octet-stream';
}

export const isSupportedMime = (mime: string): mime is SupportedMime => supported.has(mime);

/** Short type names used in filters and stats (`types=pdf,docx`). */
export const typeNameOf = (mime: string): string => {
  for (const [k, v] of Object.entries(mimeTypes)) if (v === mime) return k;
  return 'other';
};
