import { z } from 'zod';
import { integrationError, type ServiceClient } from '../http/index.js';
import { headersOf } from '../kit/rows.js';

export { columnLetter, headersOf, isBlank, rowDigest, rowsOf, sheetRow, type SheetRow } from '../kit/rows.js';

/** The spreadsheet id, or its link (docs.google.com/spreadsheets/d/<id>/edit), which is what people paste. */
export const spreadsheetId = z
  .string()
  .trim()
  .max(500)
  .transform((s) => /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(s)?.[1] ?? s)
  .pipe(z.string().regex(/^[A-Za-z0-9_-]{10,200}$/, { error: 'must be the spreadsheet id or link (docs.google.com/spreadsheets/d/<id>/edit)' }))
  .describe('The spreadsheet id (the part of its URL after /d/) or its link');
export const sheetName = z.string().trim().min(1).max(100).default('Sheet1').describe('The sheet (tab) title');
export const cellValue = z.union([z.string().max(50_000), z.number(), z.boolean(), z.null()]);
/** A row as column header → value. */
export const rowValues = z.record(z.string().min(1).max(200), cellValue);

/** Sheets' ValueRange; `values` is left out when the range is empty. */
export const valueRange = z.object({ range: z.string().optional(), values: z.array(z.array(z.unknown())).default([]) }).loose();

/** A1 notation quotes a sheet title, doubling its quotes ('Q3 ''draft''!A1). */
export const a1 = (sheet: string, cells?: string) => `'${sheet.replaceAll("'", "''")}'${cells ? `!${cells}` : ''}`;
export const valuesPath = (id: string, range: string) => `spreadsheets/${encodeURIComponent(id)}/values/${encodeURIComponent(range)}`;

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
