import { z } from 'zod';
import { cardOut, toCard, trCard, trello, trelloId } from '../service.js';

export const getCard = trello.operation({
  id: 'trello.get_card',
  title: 'Get a card',
  description: 'Reads one Trello card.',
  aiDescription: 'Use to read a Trello card (name, description, due date, list) by its id.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ cardId: trelloId }),
  output: cardOut,
  path: (i) => `cards/${encodeURIComponent(i.cardId)}`,
  response: trCard,
  map: toCard,
});
