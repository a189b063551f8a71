import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Microsoft Graph Excel fake (learn.microsoft.com/graph/api/resources/excel): workbooks addressed as
 * `/me/drive/items/{id}/workbook` or `/drives/{drive}/items/{id}/workbook`; `worksheets` (paged by absolute
 * `@odata.nextLink`), `worksheets/{id|name}/usedRange(valuesOnly=true)`, `range(address='A1:C2')` GET and PATCH
 * (values must match the range's shape), `tables/{id|name}/columns` and `tables/{id|name}/rows` POST (appends
 * under the table). Graph's `{ error: { code, message } }` envelope: 401 InvalidAuthenticationToken,
 * 404 itemNotFound / ItemNotFound, 400 InvalidArgument. A text starting with an apostrophe is stored as text
 * without it, as Excel does; one starting with = is a formula.
 */
export interface ExcelFake extends FakeService {
  workbooks: Map<string, { sheets: { id: string; name: string; rows: unknown[][] }[]; tables: { name: string; sheet: string }[] }>;
  /** Bodies written by PATCH range and POST rows, as received. */
  written: unknown[][][];
  addRow(itemId: string, sheet: string, row: unknown[]): void;
  rowsOf(itemId: string, sheet: string): unknown[][];
}

export const BUDGET_ID = '01BUDGETWORKBOOK0001';
export const TEAM_DRIVE = 'b!teamdrive-0001';

const colIndex = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
const colLetters = (n: number) => {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};
const graphError = (reply: FastifyReply, status: number, code: string, message: string) => reply.code(status).send({ error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'fake' } } });
const blank = (v: unknown) => v === undefined || v === null || v === '';
const sheetRef = (name: string) => (/^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replaceAll("'", "''")}'`);

export async function startExcelFake(): Promise<ExcelFake> {
  const book = () => ({
    sheets: [
      { id: '{00000000-0001-0000-0000-000000000000}', name: 'Expenses', rows: [['Date', 'Item', 'Amount'], ['2026-01-02', 'Paper', 12], ['2026-01-03', 'Ink', 30.5], ['2026-01-05', 'Chairs', 240]] as unknown[][] },
      { id: '{00000000-0002-0000-0000-000000000000}', name: 'Summary', rows: [['Total', '=SUM(Expenses!C2:C100)']] as unknown[][] },
      { id: '{00000000-0003-0000-0000-000000000000}', name: 'Notes', rows: [] as unknown[][] },
    ],
    tables: [{ name: 'ExpensesTable', sheet: 'Expenses' }],
  });
  const workbooks: ExcelFake['workbooks'] = new Map([[BUDGET_ID, book()], [`${TEAM_DRIVE}/${BUDGET_ID}`, book()]]);
  const written: unknown[][][] = [];
  const lastRow = (rows: unknown[][]) => {
    let n = rows.length;
    while (n > 0 && (rows[n - 1] ?? []).every(blank)) n--;
    return n;
  };
  const store = (v: unknown) => (typeof v === 'string' && v.startsWith("'") ? v.slice(1) : v);
  const textOf = (v: unknown) => (blank(v) ? '' : typeof v === 'string' && v.startsWith('=') ? '0' : String(v));
  const rangeBody = (sheet: { name: string; rows: unknown[][] }, r1: number, c1: number, r2: number, c2: number) => {
    const values = Array.from({ length: r2 - r1 + 1 }, (_, i) => Array.from({ length: c2 - c1 + 1 }, (_, j) => sheet.rows[r1 - 1 + i]?.[c1 - 1 + j] ?? ''));
    const address = `${sheetRef(sheet.name)}!${colLetters(c1)}${r1}${r2 === r1 && c2 === c1 ? '' : `:${colLetters(c2)}${r2}`}`;
    return { '@odata.type': '#microsoft.graph.workbookRange', address, addressLocal: address, rowIndex: r1 - 1, columnIndex: c1 - 1, rowCount: r2 - r1 + 1, columnCount: c2 - c1 + 1, values, text: values.map((r) => r.map(textOf)), formulas: values };
  };
  const parseAddress = (a: string) => {
    const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(a);
    if (!m) return undefined;
    return { c1: colIndex(m[1]!), r1: Number(m[2]), c2: colIndex(m[3] ?? m[1]!), r2: Number(m[4] ?? m[2]) };
  };

  const fake = await startFakeService({
    tokenPath: '/oauth2/v2.0/token',
    unauthorized: (reply) => graphError(reply, 401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'),
    routes(app) {
      app.get('/v1.0/me', async () => ({ id: 'u1', displayName: 'Alice', mail: 'alice@contoso.com', userPrincipalName: 'alice@contoso.com' }));
      // Workbook paths carry parentheses and quotes (`range(address='A1:B2')`), so they are parsed by hand.
      app.all('/v1.0/*', async (req, reply) => {
        const path = decodeURIComponent(req.url.split('?')[0] ?? '');
        const q = req.query as Record<string, string | undefined>;
        const m = /^\/v1\.0\/(?:me\/drive|drives\/([^/]+))\/items\/([^/]+)\/workbook\/(.*)$/.exec(path);
        if (!m) return graphError(reply, 404, 'itemNotFound', 'The resource could not be found.');
        const wb = workbooks.get(m[1] ? `${m[1]}/${m[2]}` : m[2]!);
        if (!wb) return graphError(reply, 404, 'itemNotFound', 'The resource could not be found.');
        const rest = m[3]!;
        if (rest === 'worksheets' && req.method === 'GET') {
          const skip = Number(q['$skiptoken'] ?? 0);
          const page = wb.sheets.slice(skip, skip + 2).map((s, i) => ({ id: s.id, name: s.name, position: skip + i, visibility: 'Visible' }));
          const next = skip + 2 < wb.sheets.length ? `${fake.url}${req.url.split('?')[0]}?$skiptoken=${skip + 2}` : undefined;
          return { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#worksheets', value: page, ...(next ? { '@odata.nextLink': next } : {}) };
        }
        const ws = /^worksheets\/([^/]+)\/(usedRange(?:\(valuesOnly=(?:true|false)\))?|range\(address='([^']*)'\))$/.exec(rest);
        if (ws) {
          const sheet = wb.sheets.find((s) => s.name === ws[1] || s.id === ws[1]);
          if (!sheet) return graphError(reply, 404, 'ItemNotFound', "The requested resource doesn't exist.");
          if (ws[2]!.startsWith('usedRange') && req.method === 'GET') {
            const rows = lastRow(sheet.rows);
            const cols = Math.max(0, ...sheet.rows.slice(0, rows).map((r) => r.length));
            return rows === 0 ? rangeBody(sheet, 1, 1, 1, 1) : rangeBody(sheet, 1, 1, rows, cols);
          }
          const a = parseAddress(ws[3] ?? '');
          if (!a) return graphError(reply, 400, 'InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
          if (req.method === 'GET') return rangeBody(sheet, a.r1, a.c1, a.r2, a.c2);
          if (req.method === 'PATCH') {
            const values = (req.body as { values?: unknown[][] }).values ?? [];
            if (values.length !== a.r2 - a.r1 + 1 || values.some((r) => r.length !== a.c2 - a.c1 + 1)) {
              return graphError(reply, 400, 'InvalidArgument', "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
            }
            written.push(values);
            values.forEach((r, i) => r.forEach((v, j) => ((sheet.rows[a.r1 - 1 + i] ??= [])[a.c1 - 1 + j] = store(v))));
            for (let i = 0; i < sheet.rows.length; i++) sheet.rows[i] ??= [];
            return rangeBody(sheet, a.r1, a.c1, a.r2, a.c2);
          }
        }
        const tb = /^tables\/([^/]+)\/(columns|rows|rows\/add)$/.exec(rest);
        if (tb) {
          const table = wb.tables.find((t) => t.name === tb[1]);
          const sheet = table && wb.sheets.find((s) => s.name === table.sheet);
          if (!table || !sheet) return graphError(reply, 404, 'ItemNotFound', "The requested resource doesn't exist.");
          const headers = (sheet.rows[0] ?? []).map(String);
          if (tb[2] === 'columns' && req.method === 'GET') return { value: headers.map((name, index) => ({ id: String(index + 1), name, index })) };
          if (tb[2] !== 'columns' && req.method === 'POST') {
            const values = (req.body as { values?: unknown[][] }).values ?? [];
            if (values.length === 0 || values.some((r) => r.length !== headers.length)) {
              return graphError(reply, 400, 'InvalidArgument', "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
            }
            written.push(values);
            const at = lastRow(sheet.rows);
            values.forEach((r, i) => (sheet.rows[at + i] = r.map(store)));
            return reply.code(201).send({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#workbookTableRow', index: at - 1, values });
          }
        }
        return graphError(reply, 400, 'InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
      });
    },
  });
  const sheetOf = (itemId: string, name: string) => workbooks.get(itemId)?.sheets.find((s) => s.name === name);
  return Object.assign(fake, {
    workbooks,
    written,
    addRow(itemId: string, name: string, row: unknown[]) {
      const s = sheetOf(itemId, name);
      if (!s) throw new Error(`no worksheet ${name}`);
      s.rows[lastRow(s.rows)] = row;
    },
    rowsOf: (itemId: string, name: string) => (sheetOf(itemId, name)?.rows ?? []).slice(0, lastRow(sheetOf(itemId, name)?.rows ?? [])),
  });
}
