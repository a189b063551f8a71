import Papa from 'papaparse';
import { rowsToBlocks } from './xlsx.js';
import type { ExtractedDocument } from './types.js';

/** CSV/TSV through Papa Parse (delimiter detected), as table blocks with the header repeated. */
export function extractCsv(text: string, name: string): ExtractedDocument {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const rows = parsed.data.filter(Array.isArray).map((r) => r.map((c) => String(c ?? '')));
  return { title: undefined, blocks: rowsToBlocks(rows, name), meta: { rows: rows.length } };
}
