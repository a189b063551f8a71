import { beforeEach, expect, it } from 'vitest';
import { startTrelloFake, type TrelloFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { createCard, getCard, listCards, trello, updateCard } from './index.js';

const seeded = async () => {
  const fake = await startTrelloFake();
  // Fixed ids for the cases below (Trello ids are 24 hex digits).
  for (let i = 1; i <= 3; i++) fake.addCard('list-1', `Roadmap item ${i}`).id = `5f00000000000000000000${String(i).padStart(2, '0')}`;
  return fake;
};

describeConformance<TrelloFake>({
  service: trello,
  startFake: seeded,
  basePath: '/1',
  credentials: (f) => ({ kind: 'trello', apiKey: 'atom-client', token: f.issue() }),
  throttleBody: 'API_TOKEN_LIMIT_EXCEEDED',
  operations: {
    'trello.list_cards': {
      input: { listId: 'list-1' },
      check: (out) => expect((out as { cards: { name: string }[] }).cards.slice(0, 3).map((c) => c.name)).toEqual(['Roadmap item 1', 'Roadmap item 2', 'Roadmap item 3']),
      badInput: { input: { listId: 'has spaces' }, field: 'listId' },
    },
    'trello.get_card': {
      input: { cardId: '5f0000000000000000000001' },
      check: (out) => expect(out).toMatchObject({ id: '5f0000000000000000000001', name: 'Roadmap item 1', listId: 'list-1', url: 'https://trello.com/c/5f0000000000000000000001' }),
      badInput: { input: { cardId: 'a/b' }, field: 'cardId' },
    },
    'trello.update_card': {
      input: { cardId: '5f0000000000000000000002', listId: 'list-2', description: 'moved' },
      check: (out) => expect(out).toMatchObject({ listId: 'list-2', description: 'moved' }),
      badInput: { input: { cardId: 'abc' }, field: 'name' },
    },
    'trello.search_cards': {
      input: { query: 'roadmap' },
      check: (out) => expect((out as { cards: unknown[] }).cards.length).toBeGreaterThanOrEqual(3),
      badInput: { input: { query: '' }, field: 'query' },
    },
  },
  triggers: {
    'trello.new_card': {
      config: { listId: 'list-2' },
      produce: (fake) => void (fake as TrelloFake).addCard('list-2', 'Added in Trello'),
      check: (events) => expect(events[0]).toMatchObject({ name: 'Added in Trello', listId: 'list-2' }),
    },
  },
  extra(ctx) {
    beforeEach(() => void (ctx().fake.faults.length = 0));
    it('a card made by create_card is read, moved, archived and found; a wrong id reads plainly', async () => {
      const { h } = ctx();
      const made = await h.run(createCard, { listId: 'list-1', name: 'Ship the beta', description: 'before Friday' });
      expect(await h.run(getCard, { cardId: made.id })).toMatchObject({ name: 'Ship the beta', description: 'before Friday', listId: 'list-1' });
      expect(await h.run(updateCard, { cardId: made.id, listId: 'list-2', archived: true })).toMatchObject({ listId: 'list-2', closed: true });
      expect((await h.run(listCards, { listId: 'list-2' })).cards.map((c) => c.id)).not.toContain(made.id);
      await expect(h.run(getCard, { cardId: 'nope' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
      await expect(h.run(updateCard, { cardId: made.id, listId: 'list-9' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: 'Trello says “invalid value for idList”.' });
    });
  },
});
