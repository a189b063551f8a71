import ExcelJS from 'exceljs';
import { isOleCompound } from './docx.js';
import { ExtractionError, type Block, type ExtractedDocument, type ExtractionLimits } from './types.js';
import { readZipContainer } from './zip-container.js';

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
};

/** Rows of one sheet as table lines, header row repeated in each block so a chunk stands on its own. */
export function rowsToBlocks(rows: string[][], sheet: string, rowsPerBlock = 40): Block[] {
  const nonEmpty = rows.filter((r) => r.some((c) => c.trim() !== ''));
  if (nonEmpty.length === 0) return [];
  const [header, ...body] = nonEmpty as [string[], ...string[][]];
  const line = (r: string[]) => `| ${r.map((c) => c.replace(/\s+/g, ' ').trim()).join(' | ')} |`;
  const blocks: Block[] = [];
  if (body.length === 0) return [{ kind: 'sheet', label: `Sheet ${sheet}`, text: line(header) }];
  for (let i = 0; i < body.length; i += rowsPerBlock) {
    blocks.push({ kind: 'sheet', label: `Sheet ${sheet}`, text: [line(header), ...body.slice(i, i + rowsPerBlock).map(line)].join('\n') });
  }
  return blocks;
}

/** XLSX through ExcelJS, after the zip-bomb guard: every sheet becomes table blocks labelled by sheet. */
export async function extractXlsx(bytes: Uint8Array, limits: ExtractionLimits): Promise<ExtractedDocument> {
  if (isOleCompound(bytes)) throw new ExtractionError('memory.extract.encrypted', 'The workbook is password-protected.');
  await readZipContainer(bytes, limits, () => false);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (err) {
    throw new ExtractionError('memory.extract.corrupt', 'The workbook is damaged.', { cause: err });
  }
  if (wb.worksheets.length > limits.maxPages) {
    throw new ExtractionError('memory.extract.too_many_pages', `The workbook has ${wb.worksheets.length} sheets; the limit is ${limits.maxPages}.`);
  }
  const blocks: Block[] = [];
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows.push(values.map((v) => cellText(v as ExcelJS.CellValue)));
    });
    blocks.push(...rowsToBlocks(rows, ws.name));
  }
  const title = wb.title || undefined;
  return { title, blocks, meta: { sheets: wb.worksheets.length } };
}
