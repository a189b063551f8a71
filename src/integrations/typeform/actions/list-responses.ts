import { z } from 'zod';
import { formId, responseList, responseOut, toResponse, typeform } from '../auth.js';

export const listResponses = typeform.operation({
  id: 'typeform.list_responses',
  title: 'List responses',
  description: 'Reads a form’s responses, newest first, optionally since a time or matching a search.',
  aiDescription: 'Use to read submissions of a Typeform form: `since` (ISO time), `query` (text searched in the answers). Each response’s answers are keyed by the question’s ref. Newest first, at most `limit`.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ formId, since: z.iso.datetime({ offset: true }).optional(), query: z.string().max(200).optional(), limit: z.number().int().min(1).max(5000).default(100) }),
  output: z.object({ responses: z.array(responseOut) }),
  path: (i) => `forms/${encodeURIComponent(i.formId)}/responses`,
  query: (i) => ({ since: i.since, query: i.query, page_size: 100, completed: true }),
  response: responseList,
  // Older pages: `before` the last token of this page, while more pages remain.
  paginate: { style: 'cursor', param: 'before', items: (p) => p.items, next: (p) => (p.page_count > 1 ? p.items.at(-1)?.token : undefined) },
  maxItems: (i) => i.limit,
  map: (items) => ({ responses: items.map(toResponse) }),
});
