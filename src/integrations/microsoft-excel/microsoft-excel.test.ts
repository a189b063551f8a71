import { expect, it } from 'vitest';
import { BUDGET_ID, TEAM_DRIVE, startExcelFake, type ExcelFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { excelService } from './index.js';

const book = { itemId: BUDGET_ID };

describeConformance<ExcelFake>({
  service: excelService,
  startFake: startExcelFake,
  basePath: '/v1.0',
  tokenPath: '/oauth2/v2.0/token',
  throttleBody: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } },
  operations: {
    'microsoft_excel.list_worksheets': {
      input: book,
      check: (out) => expect(out).toEqual({ worksheets: [expect.objectContaining({ name: 'Expenses', position: 0 }), expect.objectContaining({ name: 'Summary', position: 1 }), expect.objectContaining({ name: 'Notes', position: 2, visibility: 'Visible' })] }),
      badInput: { input: { itemId: '../../me' }, field: 'itemId' },
    },
    'microsoft_excel.get_rows': {
      input: { ...book, worksheet: 'Expenses', limit: 2 },
      check: (out) => expect(out).toEqual({ address: expect.stringMatching(/^Expenses!A1:C\d+$/), headers: ['Date', 'Item', 'Amount'], rows: [{ rowNumber: 2, values: { Date: '2026-01-02', Item: 'Paper', Amount: '12' } }, { rowNumber: 3, values: { Date: '2026-01-03', Item: 'Ink', Amount: '30.5' } }] }),
      badInput: { input: { ...book, worksheet: 'Expenses', address: 'A1:ZZZZ' }, field: 'address' },
    },
    'microsoft_excel.append_row': {
      input: { ...book, table: 'ExpensesTable', values: { Item: 'Lamp', Amount: 45 } },
      check: (out, fake) => {
        const rows = (fake as ExcelFake).rowsOf(BUDGET_ID, 'Expenses');
        expect(rows.at(-1)).toEqual(['', 'Lamp', 45]);
        expect(out).toEqual({ index: rows.length - 2 });
      },
      badInput: { input: { ...book, values: { Item: 'x' } }, field: 'table' },
    },
    'microsoft_excel.update_range': {
      input: { ...book, worksheet: 'Expenses', address: 'B2:C2', values: [['Paper (A4)', 13]] },
      check: (out, fake) => {
        expect(out).toEqual({ address: 'Expenses!B2:C2' });
        expect((fake as ExcelFake).rowsOf(BUDGET_ID, 'Expenses')[1]).toEqual(['2026-01-02', 'Paper (A4)', 13]);
      },
      badInput: { input: { ...book, worksheet: 'Expenses', address: 'B2:C2', values: [] }, field: 'values' },
    },
  },
  triggers: {
    'microsoft_excel.new_row': {
      config: { ...book, worksheet: 'Expenses' },
      produce: (fake) => (fake as ExcelFake).addRow(BUDGET_ID, 'Expenses', ['2026-02-01', 'Desk', 310]),
      check: (events) => expect(events[0]).toMatchObject({ worksheet: 'Expenses', values: { Item: 'Desk', Amount: '310' } }),
    },
  },
  extra(ctx) {
    it('writes outside text starting with = as text (a leading apostrophe); user_entered keeps formulas', async () => {
      const { h, fake } = ctx();
      const { appendRow, updateRange } = await import('./index.js');
      await h.run(appendRow, { ...book, table: 'ExpensesTable', values: { Item: '=HYPERLINK("https://evil.example","x")', Amount: '-5' } });
      expect(fake.written.at(-1)).toEqual([['', '\'=HYPERLINK("https://evil.example","x")', '-5']]);
      await h.run(updateRange, { ...book, worksheet: 'Summary', address: 'B1', values: [['=SUM(Expenses!C2:C9)']], valueInput: 'user_entered' });
      expect(fake.written.at(-1)).toEqual([['=SUM(Expenses!C2:C9)']]);
    });
    it('names unknown columns without writing; a workbook in another drive (SharePoint) is reached by drive id', async () => {
      const { h, fake } = ctx();
      const { appendRow, getRows } = await import('./index.js');
      const writes = fake.written.length;
      await expect(h.run(appendRow, { ...book, table: 'ExpensesTable', values: { Nope: 1 } })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: expect.stringContaining('no column “Nope” in table “ExpensesTable”') });
      expect(fake.written.length).toBe(writes);
      expect((await h.run(getRows, { itemId: BUDGET_ID, driveId: TEAM_DRIVE, worksheet: 'Expenses' })).rows).toHaveLength(3);
      expect(fake.requests.at(-1)?.path).toContain(`/drives/${encodeURIComponent(TEAM_DRIVE)}/items/`);
    });
    it('a range of the wrong shape and a missing worksheet are Graph’s own clear errors', async () => {
      const { h } = ctx();
      const { updateRange, getRows } = await import('./index.js');
      await expect(h.run(updateRange, { ...book, worksheet: 'Expenses', address: 'A2:C2', values: [['x']] })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: expect.stringMatching(/^Excel Online says “The number of rows or columns/) });
      await expect(h.run(getRows, { ...book, worksheet: 'Nope' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
      expect((await h.run(getRows, { ...book, worksheet: 'Notes' })).rows).toEqual([]);
    });
  },
});
