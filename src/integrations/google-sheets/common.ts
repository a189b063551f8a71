import { createHash } from 'node:crypto';
import { z } from 'zod';
import { integrationError, type ServiceClient } from '../http/index.js';

export const spreadsheetId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{10,200}$/, { error: 'must be the spreadsheet id from its URL (docs.google.com/spreadsheets/d/<id>/edit)' })
  .describe('The spreadsheet id: the part of its URL after /d/');
export const sheetName = z.string().trim().min(1).max(100).default('Sheet1').describe('The sheet (tab) title');
export const cellValue = z.union([z.string().max(50_000), z.number(), z.boolean(), z.null()]);
/** A row as column header → value. */
export const rowValues = z.record(z.string().min(1).max(200), cellValue);

/** A row read under the header row: its 1-based number in the sheet, and its cells by column header. */
export const sheetRow = z.object({ rowNumber: z.number().int(), values: z.record(z.string(), z.string()) });
export type SheetRow = z.infer<typeof sheetRow>;

/** Sheets' ValueRange; `values` is left out when the range is empty. */
export const valueRange = z.object({ range: z.string().optional(), values: z.array(z.array(z.unknown())).default([]) }).loose();

/** A1 notation quotes a sheet title, doubling its quotes ('Q3 ''draft''!A1). */
export const a1 = (sheet: string, cells?: string) => `'${sheet.replaceAll("'", "''")}'${cells ? `!${cells}` : ''}`;
export const valuesPath = (id: string, range: string) => `spreadsheets/${encodeURIComponent(id)}/values/${encodeURIComponent(range)}`;

/** Column letters of a 1-based index (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The header row's names; a blank header is called by its column letter so no cell is lost. */
export const headersOf = (values: unknown[][]) => (values[0] ?? []).map((h, i) => cell(h).trim() || columnLetter(i + 1));

/** The rows under the header row as objects keyed by header (row 1 is the header). */
export function rowsOf(values: unknown[][]): { headers: string[]; rows: SheetRow[] } {
  const headers = headersOf(values);
  const rows = values.slice(1).map((r, i) => ({ rowNumber: i + 2, values: Object.fromEntries(headers.map((h, j) => [h, cell(r[j])])) }));
  return { headers, rows };
}

export const isBlank = (r: SheetRow) => Object.values(r.values).every((v) => v === '');

/** Identity of a row's content, so a row rewritten in place counts as another event. */
export const rowDigest = (r: SheetRow) => createHash('sha256').update(JSON.stringify(r.values)).digest('base64url').slice(0, 16);

/** Reads the header row of a sheet. */
export async function readHeaders(client: ServiceClient, id: string, sheet: string, signal: AbortSignal): Promise<string[]> {
  const r = await client.call({ path: valuesPath(id, a1(sheet, '1:1')), signal }, valueRange);
  return headersOf(r.values);
}

/** Refuses columns the header row does not have, naming them (nothing is written). */
export function assertColumns(headers: string[], names: string[], sheet: string): void {
  const unknown = names.filter((n) => !headers.includes(n));
  if (unknown.length === 0) return;
  throw integrationError(
    'integrations.http.bad_request',
    `Google Sheets has no column ${unknown.map((u) => `“${u}”`).join(', ')} in sheet “${sheet}” (its header row has ${headers.length ? headers.map((h) => `“${h}”`).join(', ') : 'no names'}).`,
    { service: 'google-sheets' },
  );
}

/** Values are written RAW unless asked: text from run data (a webhook, a mail) must not become a formula. */
export const valueInput = z
  .enum(['raw', 'user_entered'])
  .default('raw')
  .describe('raw: store values as given (safe for outside data); user_entered: parse them as if typed, so "=SUM(A1:A3)" becomes a formula');
export const valueInputOption = (v: 'raw' | 'user_entered') => (v === 'raw' ? 'RAW' : 'USER_ENTERED');

/** The first row number of an A1 range such as `'Sheet1'!A5:C5`. */
export const firstRowOf = (range: string | undefined) => Number(/!?[A-Z]*(\d+)(?::[A-Z]*\d+)?$/.exec(range ?? '')?.[1] ?? 0);
