import { z } from 'zod';
import { cardOut, toCard, trCard, trello, trelloId } from '../service.js';

export const updateCard = trello.operation({
  id: 'trello.update_card',
  title: 'Update a card',
  description: 'Renames a Trello card, changes its description or due date, moves it to another list or archives it.',
  aiDescription: 'Use to change a Trello card by id: name, description, due (ISO date-time, or null to clear), listId (move) or archived (true to archive).',
  idempotent: true,
  sideEffect: true,
  input: z
    .object({ cardId: trelloId, name: z.string().min(1).max(16_384).optional(), description: z.string().max(16_384).optional(), due: z.iso.datetime({ offset: true }).nullable().optional(), listId: trelloId.optional(), archived: z.boolean().optional() })
    .refine((v) => v.name !== undefined || v.description !== undefined || v.due !== undefined || v.listId !== undefined || v.archived !== undefined, { message: 'give name, description, due, listId or archived to change', path: ['name'] }),
  output: cardOut,
  method: 'PUT',
  path: (i) => `cards/${encodeURIComponent(i.cardId)}`,
  // Trello takes card fields as query parameters.
  query: (i) => ({ name: i.name, desc: i.description, due: i.due === null ? '' : i.due, idList: i.listId, closed: i.archived }),
  response: trCard,
  map: toCard,
});
