import { z } from 'zod';
import { readGoogleFault } from '../google/common.js';
import { defineRestService } from '../kit/index.js';

/** Google Tasks API v1 (developers.google.com/tasks/reference/rest), scope `tasks`. */
export const googleTasks = defineRestService({
  id: 'google-tasks',
  name: 'Google Tasks',
  auth: 'oauth2',
  readFault: readGoogleFault,
  // The default quota is 50,000 queries a day per project; stay gentle per connection.
  limits: { concurrency: 4, ratePerSecond: 5, burst: 20 },
  async check(client, signal) {
    await client.call({ path: 'users/@me/lists', query: { maxResults: 1 }, ...(signal ? { signal } : {}) }, z.object({ items: z.array(z.unknown()).optional() }).loose());
    return {};
  },
});

const gTask = z.object({ id: z.string(), title: z.string().default(''), notes: z.string().optional(), status: z.enum(['needsAction', 'completed']), due: z.string().optional(), completed: z.string().optional(), updated: z.string().optional(), parent: z.string().optional(), webViewLink: z.string().optional() }).loose();
const taskOut = z.object({ id: z.string(), title: z.string(), notes: z.string(), done: z.boolean(), due: z.string().nullable(), completedAt: z.string().nullable(), updatedAt: z.string().nullable(), parentId: z.string().nullable() });
const toTask = (t: z.output<typeof gTask>): z.input<typeof taskOut> => ({ id: t.id, title: t.title, notes: t.notes ?? '', done: t.status === 'completed', due: t.due ?? null, completedAt: t.completed ?? null, updatedAt: t.updated ?? null, parentId: t.parent ?? null });
const taskPage = z.object({ items: z.array(gTask).default([]), nextPageToken: z.string().optional() }).loose();

const id = /^[A-Za-z0-9_@-]{1,200}$/;
const taskList = z.string().regex(id, { error: 'must be a task list id (or @default)' }).default('@default').describe('The task list id; @default is the user’s first list');
const taskId = z.string().regex(id, { error: 'must be a task id' }).describe('The task id');
// Google keeps only the date of `due`; an RFC 3339 time is what the API takes.
const due = z.iso.date().optional().describe('Due date (YYYY-MM-DD)');
const dueTime = (d: string | undefined) => (d ? `${d}T00:00:00.000Z` : undefined);
const path = (list: string, task?: string) => `lists/${encodeURIComponent(list)}/tasks${task ? `/${encodeURIComponent(task)}` : ''}`;

export const listTasks = googleTasks.operation({
  id: 'google_tasks.list_tasks',
  title: 'List tasks',
  description: 'Lists the tasks of a Google Tasks list, open ones or all.',
  aiDescription: 'Use to read the tasks of a Google Tasks list (default: the user’s first list). `includeCompleted` adds finished ones. At most `limit`.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ taskList, includeCompleted: z.boolean().default(false), limit: z.number().int().min(1).max(2000).default(100) }),
  output: z.object({ tasks: z.array(taskOut) }),
  path: (i) => path(i.taskList),
  query: (i) => ({ maxResults: 100, showCompleted: i.includeCompleted, showHidden: i.includeCompleted }),
  response: taskPage,
  paginate: { style: 'cursor', param: 'pageToken', items: (p) => p.items, next: (p) => p.nextPageToken },
  maxItems: (i) => i.limit,
  map: (items) => ({ tasks: items.map(toTask) }),
});

export const getTask = googleTasks.operation({
  id: 'google_tasks.get_task',
  title: 'Get a task',
  description: 'Reads one Google Tasks task.',
  aiDescription: 'Use to read one Google task (title, notes, due date, done) when you have its id and list.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ taskList, taskId }),
  output: taskOut,
  path: (i) => path(i.taskList, i.taskId),
  response: gTask,
  map: toTask,
});

export const createTask = googleTasks.operation({
  id: 'google_tasks.create_task',
  title: 'Create a task',
  description: 'Adds a task to a Google Tasks list.',
  aiDescription: 'Use to add a to-do to the user’s Google Tasks (title, notes, due date). For a team tracker use its own service instead.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ taskList, title: z.string().trim().min(1).max(1024), notes: z.string().max(8192).optional(), due }),
  output: taskOut,
  method: 'POST',
  path: (i) => path(i.taskList),
  body: (i) => ({ title: i.title, notes: i.notes, due: dueTime(i.due) }),
  response: gTask,
  map: toTask,
});

export const updateTask = googleTasks.operation({
  id: 'google_tasks.update_task',
  title: 'Update a task',
  description: 'Changes a Google task’s title, notes or due date, or marks it done or open again.',
  aiDescription: 'Use to rename, reschedule or complete a Google task (`done: true`). Only the fields given change.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ taskList, taskId, title: z.string().trim().min(1).max(1024).optional(), notes: z.string().max(8192).optional(), due, done: z.boolean().optional() }),
  output: taskOut,
  method: 'PATCH',
  path: (i) => path(i.taskList, i.taskId),
  // Reopening clears `completed` as Google expects.
  body: (i) => ({ title: i.title, notes: i.notes, due: dueTime(i.due), ...(i.done === undefined ? {} : i.done ? { status: 'completed' } : { status: 'needsAction', completed: null }) }),
  response: gTask,
  map: toTask,
});

export const newTask = googleTasks.pollTrigger({
  id: 'google_tasks.new_task',
  title: 'New task',
  description: 'Starts when a task is added to a Google Tasks list.',
  aiDescription: 'Use to react to tasks added to a Google Tasks list (copy them to a tracker, remind someone). Polls the list’s open tasks; a task not seen before is new; the first poll only remembers those there.',
  config: z.object({ taskList }),
  event: taskOut,
  list: { path: ({ config }) => path(config.taskList), query: () => ({ maxResults: 100, showCompleted: false }) },
  response: taskPage,
  items: (p) => p.items,
  paginate: { style: 'cursor', param: 'pageToken', next: (p) => p.nextPageToken, maxPages: 20 },
  cursor: { style: 'seen', id: (t) => t.id, keep: 3000 },
  toEvent: toTask,
});
