import { z } from 'zod';
import { cardOut, toCard, trCard, trello, trelloId } from '../service.js';

export const newCard = trello.pollTrigger({
  id: 'trello.new_card',
  title: 'New card',
  description: 'Starts when a card is added to a Trello list.',
  aiDescription: 'Use to react to cards added to one Trello list (listId). Polls the list; the first poll only remembers it.',
  config: z.object({ listId: trelloId }),
  event: cardOut,
  list: { path: ({ config }) => `lists/${encodeURIComponent(config.listId)}/cards` },
  response: z.array(trCard),
  items: (cards) => cards,
  // A card moved in from another list is not new to Trello but is to this list: ids seen, not id order.
  cursor: { style: 'seen', id: (c) => c.id, keep: 2000 },
  toEvent: (c) => toCard(c),
});
