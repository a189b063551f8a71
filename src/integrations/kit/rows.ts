import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Spreadsheet-like rows under a header row (Google Sheets, Excel, CSV-ish APIs): row 1 names the columns and
 * every later row becomes `{ rowNumber, values: { <header>: <text> } }`.
 */
export const sheetRow = z.object({ rowNumber: z.number().int(), values: z.record(z.string(), z.string()) });
export type SheetRow = z.infer<typeof sheetRow>;

/** Column letters of a 1-based index (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The header row's names; a blank header is called by its column letter so no cell is lost. */
export const headersOf = (values: readonly (readonly unknown[])[]) => {
  const first = values[0] ?? [];
  // An empty sheet reads as one empty cell (Excel's used range of a blank sheet is A1).
  if (first.every((h) => cell(h).trim() === '')) return [];
  return first.map((h, i) => cell(h).trim() || columnLetter(i + 1));
};

/** The rows under the header row as objects keyed by header; `firstRow` is the header's 1-based row number. */
export function rowsOf(values: readonly (readonly unknown[])[], firstRow = 1): { headers: string[]; rows: SheetRow[] } {
  const headers = headersOf(values);
  if (headers.length === 0) return { headers, rows: [] };
  const rows = values.slice(1).map((r, i) => ({ rowNumber: firstRow + i + 1, values: Object.fromEntries(headers.map((h, j) => [h, cell(r[j])])) }));
  return { headers, rows };
}

export const isBlank = (r: SheetRow) => Object.values(r.values).every((v) => v === '');

/** Identity of a row's content, so a row rewritten in place counts as another event. */
export const rowDigest = (r: Pick<SheetRow, 'values'>) => createHash('sha256').update(JSON.stringify(r.values)).digest('base64url').slice(0, 16);
