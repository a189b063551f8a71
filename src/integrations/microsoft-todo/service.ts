import { z } from 'zod';
import { defineRestService } from '../kit/index.js';
import { graphPage, readGraphFault } from '../microsoft/common.js';

/** Microsoft To Do through Microsoft Graph v1.0 (learn.microsoft.com/graph/api/resources/todo-overview), scope `Tasks.ReadWrite`. */
export const microsoftTodo = defineRestService({
  id: 'microsoft-todo',
  name: 'Microsoft To Do',
  auth: 'oauth2',
  readFault: readGraphFault,
  // Graph throttles per app and tenant; a 429 names its Retry-After, which the client waits out.
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'me', query: { $select: 'userPrincipalName,mail' }, ...(signal ? { signal } : {}) }, z.object({ userPrincipalName: z.string().optional(), mail: z.string().nullish() }).loose());
    return { accountLabel: me.mail ?? me.userPrincipalName };
  },
});

const status = z.enum(['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred']);
const importance = z.enum(['low', 'normal', 'high']);
const dateTimeTz = z.object({ dateTime: z.string(), timeZone: z.string() }).loose();
const todoTask = z.object({ id: z.string(), title: z.string().default(''), status, importance: importance.default('normal'), body: z.object({ content: z.string(), contentType: z.string() }).loose().optional(), dueDateTime: dateTimeTz.nullish(), createdDateTime: z.string(), lastModifiedDateTime: z.string().optional(), completedDateTime: dateTimeTz.nullish() }).loose();
const taskOut = z.object({ id: z.string(), title: z.string(), status, importance, notes: z.string(), due: z.string().nullable(), createdAt: z.string(), updatedAt: z.string().nullable(), completedAt: z.string().nullable() });
const toTask = (t: z.output<typeof todoTask>): z.input<typeof taskOut> => ({ id: t.id, title: t.title, status: t.status, importance: t.importance, notes: t.body?.content ?? '', due: t.dueDateTime?.dateTime.slice(0, 10) ?? null, createdAt: t.createdDateTime, updatedAt: t.lastModifiedDateTime ?? null, completedAt: t.completedDateTime?.dateTime ?? null });
const taskPage = graphPage(todoTask);

const graphId = /^[A-Za-z0-9_=+/-]{1,400}$/;
const listId = z.string().regex(graphId, { error: 'must be a To Do list id' }).describe('The To Do list id');
const taskId = z.string().regex(graphId, { error: 'must be a task id' }).describe('The task id');
const fields = {
  notes: z.string().max(10000).optional().describe('Plain-text notes'),
  importance: importance.optional(),
  due: z.iso.date().optional().describe('Due date (YYYY-MM-DD)'),
};
// Graph ids may hold `/` and `=`: each is one path segment, encoded.
const path = (list: string, task?: string) => `me/todo/lists/${encodeURIComponent(list)}/tasks${task ? `/${encodeURIComponent(task)}` : ''}`;
const body = (i: { title?: string | undefined; notes?: string | undefined; importance?: string | undefined; due?: string | undefined; status?: string | undefined }) => ({
  title: i.title,
  importance: i.importance,
  status: i.status,
  ...(i.notes !== undefined ? { body: { content: i.notes, contentType: 'text' } } : {}),
  ...(i.due ? { dueDateTime: { dateTime: `${i.due}T00:00:00.0000000`, timeZone: 'UTC' } } : {}),
});

export const listTasks = microsoftTodo.operation({
  id: 'microsoft_todo.list_tasks',
  title: 'List tasks',
  description: 'Lists the tasks of a Microsoft To Do list.',
  aiDescription: 'Use to read the tasks of a Microsoft To Do list (by list id); `openOnly` leaves out completed ones. At most `limit`.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ listId, openOnly: z.boolean().default(false), limit: z.number().int().min(1).max(2000).default(100) }),
  output: z.object({ tasks: z.array(taskOut) }),
  path: (i) => path(i.listId),
  query: (i) => ({ $top: 100, ...(i.openOnly ? { $filter: "status ne 'completed'" } : {}) }),
  response: taskPage,
  paginate: { style: 'next-url', items: (p) => p.value, next: (p) => p['@odata.nextLink'] },
  maxItems: (i) => i.limit,
  map: (items) => ({ tasks: items.map(toTask) }),
});

export const getTask = microsoftTodo.operation({
  id: 'microsoft_todo.get_task',
  title: 'Get a task',
  description: 'Reads one Microsoft To Do task.',
  aiDescription: 'Use to read one To Do task (title, status, importance, notes, due date) when you have its list and task ids.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ listId, taskId }),
  output: taskOut,
  path: (i) => path(i.listId, i.taskId),
  response: todoTask,
  map: toTask,
});

export const createTask = microsoftTodo.operation({
  id: 'microsoft_todo.create_task',
  title: 'Create a task',
  description: 'Adds a task to a Microsoft To Do list.',
  aiDescription: 'Use to add a to-do to a Microsoft To Do list (title, notes, importance, due date).',
  idempotent: false,
  sideEffect: true,
  input: z.object({ listId, title: z.string().trim().min(1).max(255), ...fields }),
  output: taskOut,
  method: 'POST',
  path: (i) => path(i.listId),
  body,
  response: todoTask,
  map: toTask,
});

export const updateTask = microsoftTodo.operation({
  id: 'microsoft_todo.update_task',
  title: 'Update a task',
  description: 'Changes a To Do task’s title, notes, importance, due date or status (complete it).',
  aiDescription: 'Use to rename, reprioritise, reschedule or complete a To Do task (`status: completed`). Only the fields given change.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ listId, taskId, title: z.string().trim().min(1).max(255).optional(), status: status.optional(), ...fields }),
  output: taskOut,
  method: 'PATCH',
  path: (i) => path(i.listId, i.taskId),
  body,
  response: todoTask,
  map: toTask,
});

export const newTask = microsoftTodo.pollTrigger({
  id: 'microsoft_todo.new_task',
  title: 'New task',
  description: 'Starts when a task is added to a Microsoft To Do list.',
  aiDescription: 'Use to react to tasks added to a Microsoft To Do list (copy them elsewhere, notify someone). Polls the list; a task created after the last one seen is new; the first poll only remembers where it is.',
  config: z.object({ listId }),
  event: taskOut,
  list: { path: ({ config }) => path(config.listId), query: () => ({ $top: 100 }) },
  response: taskPage,
  items: (p) => p.value,
  paginate: { style: 'next-url', next: (p) => p['@odata.nextLink'], maxPages: 20 },
  cursor: { style: 'timestamp', at: (t) => t.createdDateTime, id: (t) => t.id },
  toEvent: toTask,
});
