import { z } from 'zod';
import { formId, responseList, responseOut, toResponse, typeform } from '../auth.js';

export const newResponse = typeform.pollTrigger({
  id: 'typeform.new_response',
  title: 'New response',
  description: 'Starts when someone submits a Typeform form.',
  aiDescription: 'Use to react to Typeform submissions (leads, sign-ups, feedback). The event’s `answers` are keyed by each question’s ref (typeform.get_form lists them). Polls responses since the last one seen; the first poll only remembers the newest.',
  config: z.object({ formId }),
  event: responseOut,
  list: {
    path: ({ config }) => `forms/${encodeURIComponent(config.formId)}/responses`,
    query: ({ cursor }) => ({ page_size: 100, completed: true, since: typeof cursor?.['after'] === 'string' ? cursor['after'] : undefined }),
  },
  response: responseList,
  items: (p) => p.items,
  paginate: { style: 'cursor', param: 'before', next: (p) => (p.page_count > 1 ? p.items.at(-1)?.token : undefined), maxPages: 10 },
  cursor: { style: 'timestamp', at: (r) => new Date(r.submitted_at).toISOString(), id: (r) => r.token },
  toEvent: toResponse,
  eventKey: (e) => e.token,
});
