/**
 * What extraction produces: the document as an ordered list of structural blocks, so chunking can respect
 * headings, tables, slides and sheets instead of cutting plain text blindly.
 */
export type BlockKind = 'heading' | 'paragraph' | 'table' | 'list' | 'code' | 'slide' | 'sheet' | 'page' | 'email';

export interface Block {
  kind: BlockKind;
  text: string;
  /** Heading level (1..6) for headings. */
  level?: number;
  /** A label such as "Slide 3", "Sheet Budget" or "Page 2"; a new label is a hard chunk boundary. */
  label?: string;
}

export interface ExtractedDocument {
  title: string | undefined;
  blocks: Block[];
  /** Extractor-specific facts worth keeping (page count, sheet names, e-mail sender). */
  meta: Record<string, string | number>;
}

/** Why a file was skipped; stable codes (memory.extract.<reason>) for stats, the API and the UI. */
export const extractionFailureCodes = [
  'memory.extract.encrypted',
  'memory.extract.corrupt',
  'memory.extract.unsupported_type',
  'memory.extract.too_large',
  'memory.extract.too_many_pages',
  'memory.extract.zip_bomb',
  'memory.extract.empty',
  'memory.extract.timeout',
] as const;
export type ExtractionFailureCode = (typeof extractionFailureCodes)[number];

/** An expected extraction failure, as a value carrying its code (thrown inside extractors, caught once). */
export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
  constructor(
    readonly code: ExtractionFailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type ExtractionResult =
  | { ok: true; mime: string; document: ExtractedDocument }
  | { ok: false; mime: string; code: ExtractionFailureCode; reason: string };

export interface ExtractionLimits {
  /** Largest input file accepted. */
  maxBytes: number;
  /** Largest number of PDF pages / slides / sheets read. */
  maxPages: number;
  /** Largest total decompressed size of an Office (zip) container. */
  maxDecompressedBytes: number;
  /** Largest decompressed/compressed ratio of a zip container before it is treated as a bomb. */
  maxCompressionRatio: number;
  /** Largest amount of extracted text kept (characters). */
  maxTextChars: number;
  /** Time budget for one file. */
  timeoutMs: number;
}

export const defaultExtractionLimits: ExtractionLimits = {
  maxBytes: 100 * 1024 * 1024,
  maxPages: 2000,
  maxDecompressedBytes: 256 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxTextChars: 20_000_000,
  timeoutMs: 60_000,
};

export interface ExtractionInput {
  bytes: Uint8Array;
  /** File name (used for the type when the content does not say). */
  name: string;
  /** MIME type the source declared, if any. */
  mime?: string | undefined;
}
