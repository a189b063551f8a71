import { z } from 'zod';
import { clickup, taskId } from '../service.js';

export const addComment = clickup.operation({
  id: 'clickup.add_comment',
  title: 'Comment on a task',
  description: 'Adds a comment to a ClickUp task.',
  aiDescription: 'Use to post a plain-text comment on a ClickUp task by id.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ taskId, text: z.string().min(1).max(50_000), notifyAll: z.boolean().default(false) }),
  output: z.object({ id: z.string() }),
  method: 'POST',
  path: (i) => `task/${encodeURIComponent(i.taskId)}/comment`,
  body: (i) => ({ comment_text: i.text, notify_all: i.notifyAll }),
  response: z.object({ id: z.union([z.string(), z.number()]) }).loose(),
  map: (r) => ({ id: String(r.id) }),
});
