import { describe, expect, it } from 'vitest';
import { BOARD, startMondayFake, type MondayFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { changeColumnValues, monday, newItem } from './index.js';

describeConformance<MondayFake>({
  service: monday,
  // Pages of 10 so listing 25 items follows next_items_page.
  startFake: async () => Object.assign(await startMondayFake(), { pageCap: 10 }),
  basePath: '/v2',
  throttleBody: { errors: [{ message: 'Complexity budget exhausted', extensions: { code: 'COMPLEXITY_BUDGET_EXHAUSTED', retry_in_seconds: 1 } }], account_id: 1 },
  operations: {
    'monday.list_boards': { input: {}, check: (out) => expect((out as { boards: unknown[] }).boards).toEqual(expect.arrayContaining([expect.objectContaining({ id: BOARD, name: 'Roadmap' })])), badInput: { input: { limit: 0 }, field: 'limit' } },
    'monday.list_items': { input: { boardId: BOARD, limit: 1000 }, check: (out) => expect((out as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(25), badInput: { input: { boardId: 'roadmap' }, field: 'boardId' } },
    'monday.create_item': { input: { boardId: BOARD, name: 'Dark mode', columnValues: { status: { label: 'Working on it' } } }, check: (out) => expect(out).toMatchObject({ name: 'Dark mode', groupId: 'topics', columns: { status: 'Working on it' } }), badInput: { input: { boardId: BOARD, name: '' }, field: 'name' } },
    'monday.change_column_values': { input: { boardId: BOARD, itemId: '9000000001', columnValues: { status: { label: 'Done' } } }, check: (out) => expect(out).toMatchObject({ id: '9000000001', columns: { status: 'Done' } }), badInput: { input: { boardId: BOARD, itemId: '9000000001', columnValues: {} }, field: 'columnValues' } },
  },
  extra(ctx) {
    describe('monday.com specifics', () => {
      it('errors answered with HTTP 200 still fail plainly', async () => {
        const { h } = ctx();
        await expect(h.run(changeColumnValues, { boardId: BOARD, itemId: '1', columnValues: { status: 'x' } })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'monday.com says “Item not found in board”.' });
      });
      it('new_item: the first poll only sets the cursor, then new items come oldest first', async () => {
        const { h, fake } = ctx();
        // The trigger reads one page of 500.
        fake.pageCap = 500;
        const first = await h.poll(newItem, { boardId: BOARD });
        expect(first.events).toEqual([]);
        fake.addItem(BOARD, 'Fresh A');
        const next = await h.poll(newItem, { boardId: BOARD }, first.cursor);
        expect(next.events.map((e) => e.name)).toEqual(['Fresh A']);
      });
    });
  },
});
