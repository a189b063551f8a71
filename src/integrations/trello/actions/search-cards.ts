import { z } from 'zod';
import { cardOut, toCard, trCard, trello } from '../service.js';

export const searchCards = trello.operation({
  id: 'trello.search_cards',
  title: 'Search cards',
  description: 'Finds Trello cards by words across the member’s boards.',
  aiDescription: 'Use to find Trello cards by text (Trello search syntax works, e.g. `board:"Ops" is:open`). Up to limit cards (≤ 1000).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ query: z.string().min(1).max(16_384), limit: z.number().int().min(1).max(1000).default(50) }),
  output: z.object({ cards: z.array(cardOut) }),
  path: () => 'search',
  query: (i) => ({ query: i.query, modelTypes: 'cards', cards_limit: i.limit, partial: true }),
  response: z.object({ cards: z.array(trCard).default([]) }).loose(),
  map: (r) => ({ cards: r.cards.map(toCard) }),
});
