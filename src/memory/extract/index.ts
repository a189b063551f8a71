export { extractDocument } from './extract.js';
export { detectMime, isSupportedMime, mimeTypes, typeNameOf } from './detect.js';
export {
  defaultExtractionLimits,
  extractionFailureCodes,
  type Block,
  type ExtractedDocument,
  type ExtractionFailureCode,
  type ExtractionInput,
  type ExtractionLimits,
  type ExtractionResult,
} from './types.js';
