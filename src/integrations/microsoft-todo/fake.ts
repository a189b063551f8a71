import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Microsoft To Do through Graph v1.0 (learn.microsoft.com/graph/api/resources/todotask) under /v1.0:
 * `me/todo/lists/{id}/tasks` paged with `$top` and an absolute `@odata.nextLink` (`$skip` inside), a
 * `$filter=status ne 'completed'`, create (POST → 201) and PATCH answering the task, todoTask shape
 * (status, importance, body, dueDateTime/completedDateTime as `{ dateTime, timeZone }`), Graph's
 * `{ error: { code, message, innerError } }` (401 InvalidAuthenticationToken, 404 itemNotFound,
 * 400 invalidRequest), 429 with Retry-After.
 */
export interface TodoTask {
  '@odata.etag': string;
  id: string;
  title: string;
  status: 'notStarted' | 'inProgress' | 'completed' | 'waitingOnOthers' | 'deferred';
  importance: 'low' | 'normal' | 'high';
  isReminderOn: boolean;
  body: { content: string; contentType: 'text' | 'html' };
  createdDateTime: string;
  lastModifiedDateTime: string;
  dueDateTime?: { dateTime: string; timeZone: string };
  completedDateTime?: { dateTime: string; timeZone: string };
}
export interface MicrosoftTodoFake extends FakeService {
  lists: Map<string, TodoTask[]>;
  add(list: string, title: string, extra?: Partial<TodoTask>): TodoTask;
}
export const TASKS_LIST = 'AAMkADIyAAAhrbPWAAA=';
export const WORK_LIST = 'AAMkADIyAAAhrbPXAAA=';

const graphError = (reply: FastifyReply, status: number, code: string, message: string) => reply.code(status).send({ error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'fake' } } });
const statuses = ['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred'];

export async function startMicrosoftTodoFake(): Promise<MicrosoftTodoFake> {
  const lists = new Map<string, TodoTask[]>([[TASKS_LIST, []], [WORK_LIST, []]]);
  let n = 0;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const now = () => new Date((clock += 1000)).toISOString().replace('Z', '0000Z');
  const add = (list: string, title: string, extra: Partial<TodoTask> = {}): TodoTask => {
    const at = now();
    const t: TodoTask = { '@odata.etag': `W/"e${++n}"`, id: `AAMkTASK${String(n).padStart(6, '0')}=`, title, status: 'notStarted', importance: 'normal', isReminderOn: false, body: { content: '', contentType: 'text' }, createdDateTime: at, lastModifiedDateTime: at, ...extra };
    lists.get(list)!.push(t);
    return t;
  };
  const bad = (b: Partial<TodoTask>) =>
    (b.status !== undefined && !statuses.includes(b.status)) || (b.importance !== undefined && !['low', 'normal', 'high'].includes(b.importance)) || (b.dueDateTime !== undefined && Number.isNaN(Date.parse(`${b.dueDateTime.dateTime}Z`.replace(/Z+$/, 'Z'))));
  const notFound = (reply: FastifyReply) => graphError(reply, 404, 'itemNotFound', 'The requested resource was not found.');

  const fake: FakeService = await startFakeService({
    tokenPath: '/oauth2/v2.0/token',
    unauthorized: (reply) => graphError(reply, 401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'),
    routes(app) {
      app.get('/v1.0/me', async () => ({ id: 'u1', userPrincipalName: 'ada@contoso.com', mail: 'ada@contoso.com' }));
      app.get('/v1.0/me/todo/lists/:list/tasks', async (req, reply) => {
        const list = lists.get((req.params as { list: string }).list);
        if (!list) return notFound(reply);
        const q = req.query as Record<string, string>;
        const top = Number(q['$top'] ?? 100);
        const skip = Number(q['$skip'] ?? 0);
        if (!Number.isInteger(top) || top < 1 || top > 1000) return graphError(reply, 400, 'invalidRequest', 'Invalid $top value.');
        const filter = q['$filter'];
        if (filter !== undefined && filter !== "status ne 'completed'") return graphError(reply, 400, 'invalidRequest', 'Invalid filter clause.');
        const all = filter ? list.filter((t) => t.status !== 'completed') : list;
        const more = skip + top < all.length;
        const next = new URLSearchParams({ ...q, $skip: String(skip + top) });
        return { '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#users('u1')/todo/lists('x')/tasks", value: all.slice(skip, skip + top), ...(more ? { '@odata.nextLink': `${fake.url}/v1.0/me/todo/lists/${encodeURIComponent((req.params as { list: string }).list)}/tasks?${next.toString()}` } : {}) };
      });
      app.get('/v1.0/me/todo/lists/:list/tasks/:task', async (req, reply) => {
        const p = req.params as { list: string; task: string };
        return lists.get(p.list)?.find((t) => t.id === p.task) ?? notFound(reply);
      });
      app.post('/v1.0/me/todo/lists/:list/tasks', async (req, reply) => {
        const l = (req.params as { list: string }).list;
        if (!lists.has(l)) return notFound(reply);
        const b = (req.body ?? {}) as Partial<TodoTask>;
        if (!b.title || bad(b)) return graphError(reply, 400, 'invalidRequest', 'Invalid request body.');
        const { title, ...rest } = b;
        return reply.code(201).send(add(l, title, rest));
      });
      app.patch('/v1.0/me/todo/lists/:list/tasks/:task', async (req, reply) => {
        const p = req.params as { list: string; task: string };
        const t = lists.get(p.list)?.find((x) => x.id === p.task);
        if (!t) return notFound(reply);
        const b = (req.body ?? {}) as Partial<TodoTask>;
        if (bad(b)) return graphError(reply, 400, 'invalidRequest', 'Invalid request body.');
        for (const k of ['title', 'importance', 'body', 'dueDateTime'] as const) if (b[k] !== undefined) Object.assign(t, { [k]: b[k] });
        if (b.status !== undefined) {
          if (b.status === 'completed' && t.status !== 'completed') t.completedDateTime = { dateTime: now().replace('Z', ''), timeZone: 'UTC' };
          if (b.status !== 'completed') delete t.completedDateTime;
          t.status = b.status;
        }
        t.lastModifiedDateTime = now();
        return t;
      });
    },
  });
  return Object.assign(fake, { lists, add });
}
