import type { FastifyReply, FastifyRequest } from 'fastify';
import { googleError } from '../../../test/fakes/google-apis/server.js';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Google Sheets API v4 fake (developers.google.com/sheets/api/reference/rest): `spreadsheets.get`,
 * `values.get` (A1 ranges with quoted sheet titles; trailing empty rows and cells left out, `values` omitted
 * when empty), `values.append` (after the last row with data; `valueInputOption` required), `values.update`
 * and `values.batchUpdate`; Google's error envelope (400 INVALID_ARGUMENT "Unable to parse range", 404
 * NOT_FOUND, 401 UNAUTHENTICATED), token refresh at /token.
 */
export interface SheetsFake extends FakeService {
  spreadsheets: Map<string, { title: string; sheets: { sheetId: number; title: string; rows: unknown[][] }[] }>;
  /** Appends a row the way a person or a form would. */
  addRow(spreadsheetId: string, sheet: string, row: unknown[]): void;
  rowsOf(spreadsheetId: string, sheet: string): unknown[][];
  /** The valueInputOption of each write, in order. */
  writes: { op: string; valueInputOption: string | undefined }[];
}

export const ORDERS_ID = 'sheet-orders-0001';

interface Range {
  sheet: string;
  r1: number;
  r2: number;
  c1: number;
  c2: number;
}

const colIndex = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
const colLetters = (n: number) => {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};

/** A1 notation: `Sheet1`, `'My sheet'!A1:C`, `Sheet1!1:1`, `A5` (sheet titles with quotes doubled). */
function parseRange(text: string): Range | undefined {
  let sheet: string;
  let rest = '';
  if (text.startsWith("'")) {
    const m = /^'((?:[^']|'')+)'(?:!(.*))?$/.exec(text);
    if (!m) return undefined;
    sheet = m[1]!.replaceAll("''", "'");
    rest = m[2] ?? '';
  } else {
    const [s, cells] = text.split('!');
    sheet = s ?? '';
    rest = cells ?? '';
  }
  const r: Range = { sheet, r1: 1, r2: Infinity, c1: 1, c2: Infinity };
  if (!rest) return r;
  const [a, b] = rest.split(':');
  const pa = /^([A-Z]*)(\d*)$/.exec(a ?? '');
  const pb = b === undefined ? pa : /^([A-Z]*)(\d*)$/.exec(b);
  if (!pa || !pb || (!pa[1] && !pa[2])) return undefined;
  if (pa[1]) r.c1 = colIndex(pa[1]);
  if (pa[2]) r.r1 = Number(pa[2]);
  if (pb[1]) r.c2 = colIndex(pb[1]);
  else if (b === undefined) r.c2 = r.c1;
  if (pb[2]) r.r2 = Number(pb[2]);
  else if (b === undefined) r.r2 = r.r1;
  return r;
}

const a1Of = (sheet: string, r1: number, c1: number, r2: number, c2: number) => `'${sheet.replaceAll("'", "''")}'!${colLetters(c1)}${r1}:${colLetters(c2)}${r2}`;

/** Google leaves trailing empty cells and rows out of an answer. */
const trimmed = (rows: unknown[][]) => {
  const out = rows.map((r) => {
    const row = [...r];
    while (row.length && (row[row.length - 1] === '' || row[row.length - 1] === null || row[row.length - 1] === undefined)) row.pop();
    return row;
  });
  while (out.length && out[out.length - 1]!.length === 0) out.pop();
  return out;
};

export async function startSheetsFake(): Promise<SheetsFake> {
  const spreadsheets: SheetsFake['spreadsheets'] = new Map([
    [
      ORDERS_ID,
      {
        title: 'Orders 2026',
        sheets: [
          { sheetId: 0, title: 'Orders', rows: [['Customer', 'Email', 'Total'], ['Ada', 'ada@example.com', '12.50'], ['Grace', 'grace@example.com', '99'], ['Linus', 'linus@example.com', '7']] },
          { sheetId: 1, title: 'Log', rows: [] },
        ],
      },
    ],
  ]);
  const writes: SheetsFake['writes'] = [];
  const sheetOf = (id: string, title: string) => spreadsheets.get(id)?.sheets.find((s) => s.title === title);
  const write = (rows: unknown[][], r1: number, c1: number, values: unknown[][]) => {
    values.forEach((vals, i) => {
      const row = (rows[r1 - 1 + i] ??= []);
      vals.forEach((v, j) => {
        while (row.length < c1 - 1 + j) row.push('');
        row[c1 - 1 + j] = v === null ? '' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
      });
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  };
  const notFound = (reply: FastifyReply) => reply.code(404).send(googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound'));
  const badRange = (reply: FastifyReply, text: string) => reply.code(400).send(googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${text}`, 'badRequest'));
  const needsInputOption = (reply: FastifyReply) => reply.code(400).send(googleError(400, 'INVALID_ARGUMENT', "'valueInputOption' is required but not specified", 'badRequest'));

  const fake = await startFakeService({
    tokenPath: '/token',
    unauthorized: (reply) => reply.code(401).header('www-authenticate', 'Bearer realm="https://accounts.google.com/"').send(googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.', 'authError')),
    routes(app) {
      // Ranges carry ':' and quotes, so the path is split by hand (`{range}:append`, `values:batchUpdate`).
      app.all('/v4/spreadsheets/*', async (req: FastifyRequest, reply) => {
        const q = req.query as Record<string, string | undefined>;
        const parts = (req.url.split('?')[0] ?? '').slice('/v4/spreadsheets/'.length).split('/').map(decodeURIComponent);
        const [id = '', second, rangeText] = parts;
        const book = spreadsheets.get(id.replace(/:.*$/, ''));
        if (!book) return notFound(reply);
        if (parts.length === 1 && req.method === 'GET') {
          return { spreadsheetId: id, properties: { title: book.title, locale: 'en_US' }, sheets: book.sheets.map((s, index) => ({ properties: { sheetId: s.sheetId, title: s.title, index, sheetType: 'GRID', gridProperties: { rowCount: Math.max(1000, s.rows.length), columnCount: 26 } } })) };
        }
        if (second === 'values:batchUpdate' && req.method === 'POST') {
          const body = req.body as { valueInputOption?: string; data?: { range: string; values: unknown[][] }[] };
          if (!body.valueInputOption) return needsInputOption(reply);
          let cells = 0;
          for (const d of body.data ?? []) {
            const r = parseRange(d.range);
            const s = r && sheetOf(id, r.sheet);
            if (!r || !s) return badRange(reply, d.range);
            write(s.rows, r.r1, r.c1, d.values);
            cells += d.values.flat().length;
          }
          writes.push({ op: 'batchUpdate', valueInputOption: body.valueInputOption });
          return { spreadsheetId: id, totalUpdatedRows: body.data?.length ?? 0, totalUpdatedCells: cells, totalUpdatedSheets: 1, responses: [] };
        }
        if (second !== 'values' || rangeText === undefined) return notFound(reply);
        const append = rangeText.endsWith(':append');
        const text = append ? rangeText.slice(0, -':append'.length) : rangeText;
        const r = parseRange(text);
        const s = r && sheetOf(id, r.sheet);
        if (!r || !s) return badRange(reply, text);
        if (req.method === 'GET') {
          const rows = trimmed(s.rows).slice(r.r1 - 1, r.r2 === Infinity ? undefined : r.r2).map((row) => row.slice(r.c1 - 1, r.c2 === Infinity ? undefined : r.c2));
          const values = trimmed(rows);
          const last = r.r2 === Infinity ? Math.max(r.r1, 1000) : r.r2;
          return { range: a1Of(s.title, r.r1, r.c1, last, r.c2 === Infinity ? 26 : r.c2), majorDimension: 'ROWS', ...(values.length ? { values } : {}) };
        }
        const body = req.body as { values?: unknown[][] };
        const values = body.values ?? [];
        if (!q['valueInputOption']) return needsInputOption(reply);
        if (append && req.method === 'POST') {
          const at = trimmed(s.rows).length + 1;
          write(s.rows, at, r.c1, values);
          writes.push({ op: 'append', valueInputOption: q['valueInputOption'] });
          const width = Math.max(1, ...values.map((v) => v.length));
          const updatedRange = a1Of(s.title, at, r.c1, at + values.length - 1, r.c1 + width - 1);
          return { spreadsheetId: id, tableRange: a1Of(s.title, 1, 1, Math.max(1, at - 1), width), updates: { spreadsheetId: id, updatedRange, updatedRows: values.length, updatedColumns: width, updatedCells: values.flat().length } };
        }
        if (req.method === 'PUT') {
          write(s.rows, r.r1, r.c1, values);
          writes.push({ op: 'update', valueInputOption: q['valueInputOption'] });
          const width = Math.max(1, ...values.map((v) => v.length));
          return { spreadsheetId: id, updatedRange: a1Of(s.title, r.r1, r.c1, r.r1 + values.length - 1, r.c1 + width - 1), updatedRows: values.length, updatedColumns: width, updatedCells: values.flat().length };
        }
        return notFound(reply);
      });
    },
  });
  return Object.assign(fake, {
    spreadsheets,
    writes,
    addRow(spreadsheetId: string, sheet: string, row: unknown[]) {
      const s = sheetOf(spreadsheetId, sheet);
      if (!s) throw new Error(`no sheet ${sheet}`);
      s.rows.splice(trimmed(s.rows).length, 0, row);
    },
    rowsOf: (spreadsheetId: string, sheet: string) => trimmed(sheetOf(spreadsheetId, sheet)?.rows ?? []),
  });
}
