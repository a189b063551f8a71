import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';

export const createCard = defineIntegrationAction({
  id: 'trello.create_card',
  service: 'trello',
  title: 'Create a card',
  description: 'Adds a card to a Trello list.',
  aiDescription: 'Use to add a card to a Trello list (listId). Optional description, due date and position (top or bottom).',
  idempotent: false,
  sideEffect: true,
  input: z.object({ listId: z.string().min(1), name: z.string().min(1).max(16_384), description: z.string().optional(), due: z.iso.datetime({ offset: true }).optional(), position: z.enum(['top', 'bottom']).default('bottom') }),
  output: z.object({ id: z.string(), url: z.string() }),
  async run({ client, signal }, input) {
    const card = await client.call(
      { method: 'POST', path: 'cards', query: { idList: input.listId, name: input.name, desc: input.description, due: input.due, pos: input.position }, signal },
      z.object({ id: z.string(), shortUrl: z.string().optional(), url: z.string() }).loose(),
    );
    return { id: card.id, url: card.shortUrl ?? card.url };
  },
});
