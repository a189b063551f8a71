import { z } from 'zod';
import { integrationError } from '../http/index.js';
import { defineRestService } from '../kit/index.js';
import { readGraphFault } from '../microsoft/common.js';

/**
 * Excel workbooks in OneDrive and SharePoint through Microsoft Graph (learn.microsoft.com/graph/api/resources/excel),
 * delegated scope `Files.ReadWrite`. Graph throttles per app and tenant with 429 + Retry-After.
 */
export const excel = defineRestService({
  id: 'microsoft-excel',
  name: 'Excel Online',
  auth: 'oauth2',
  readFault: readGraphFault,
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'me', query: { $select: 'userPrincipalName,mail' }, signal }, z.object({ userPrincipalName: z.string().optional(), mail: z.string().nullish() }).loose());
    return { accountLabel: me.mail ?? me.userPrincipalName };
  },
});

const graphId = (what: string) => z.string().trim().min(1).max(400).regex(/^[A-Za-z0-9!._{}-]+$/, { error: `must be the ${what} id from Microsoft Graph` });

/** Where the workbook is: a drive item in the user's OneDrive, or in another drive (SharePoint) by drive id. */
export const workbookInput = {
  itemId: graphId('drive item').describe('The workbook file’s drive item id'),
  driveId: graphId('drive').optional().describe('The drive holding it (SharePoint or a shared drive); omit for your own OneDrive'),
};
export const worksheetName = z.string().trim().min(1).max(31).describe('The worksheet (tab) name');
export const a1Address = z
  .string()
  .trim()
  .regex(/^\$?[A-Z]{1,3}\$?\d{1,7}(:\$?[A-Z]{1,3}\$?\d{1,7})?$/, { error: 'must be an A1 address such as A2:C2' })
  .describe('The cells, in A1 notation (A2:C2)');

export const workbookPath = (i: { itemId: string; driveId?: string | undefined }) =>
  `${i.driveId ? `drives/${encodeURIComponent(i.driveId)}` : 'me/drive'}/items/${encodeURIComponent(i.itemId)}/workbook`;
export const worksheetPath = (i: { itemId: string; driveId?: string | undefined; worksheet: string }) => `${workbookPath(i)}/worksheets/${encodeURIComponent(i.worksheet)}`;

/** Graph's workbookRange (only what is read here). */
export const rangeSchema = z.object({ address: z.string(), rowIndex: z.number().int().default(0), text: z.array(z.array(z.unknown())).default([]), values: z.array(z.array(z.unknown())).default([]) }).loose();

export const cellValue = z.union([z.string().max(32_767), z.number(), z.boolean(), z.null()]);

/**
 * Values are written as data unless asked: Excel reads a text starting with = + - @ as a formula, so run data (a
 * webhook, a mail) gets a leading apostrophe, which Excel shows as plain text.
 */
export const valueInput = z
  .enum(['raw', 'user_entered'])
  .default('raw')
  .describe('raw: text is stored as text (safe for outside data); user_entered: "=SUM(A1:A3)" becomes a formula');
export const asWritten = (v: string | number | boolean | null, how: 'raw' | 'user_entered') => (how === 'raw' && typeof v === 'string' && /^[=+\-@]/.test(v) && !/^[-+]?\d/.test(v) ? `'${v}` : (v ?? ''));

export function unknownColumns(names: string[], headers: string[], where: string) {
  const unknown = names.filter((n) => !headers.includes(n));
  return unknown.length
    ? integrationError('integrations.http.bad_request', `Excel Online has no column ${unknown.map((u) => `“${u}”`).join(', ')} in ${where} (its columns are ${headers.map((h) => `“${h}”`).join(', ') || 'none'}).`, { service: 'microsoft-excel' })
    : undefined;
}
