import { z } from 'zod';
import { cardOut, toCard, trCard, trello, trelloId } from '../service.js';

export const listCards = trello.operation({
  id: 'trello.list_cards',
  title: 'List cards',
  description: 'Lists the open cards of a Trello list.',
  aiDescription: 'Use to read the open cards of one Trello list (listId).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ listId: trelloId }),
  output: z.object({ cards: z.array(cardOut) }),
  path: (i) => `lists/${encodeURIComponent(i.listId)}/cards`,
  response: z.array(trCard),
  map: (cards) => ({ cards: cards.map(toCard) }),
});
