import type { FastifyReply } from 'fastify';
import { googleError } from '../../../test/fakes/google-apis/server.js';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Google Tasks API v1 fake (developers.google.com/tasks/reference/rest) under /tasks/v1: task lists of
 * `users/@me/lists`, tasks of `lists/{tasklist}/tasks` paged with `maxResults` (max 100) + `pageToken` /
 * `nextPageToken`, `showCompleted` / `showHidden` filters, insert (POST) and patch (PATCH) answering the task,
 * `@default` naming the first list, Google's `{ error: { code, message, status, errors } }` envelope
 * (401 UNAUTHENTICATED, 404 notFound, 400 invalid), 429 with Retry-After.
 */
export interface GTask {
  kind: 'tasks#task';
  id: string;
  etag: string;
  title: string;
  notes?: string;
  status: 'needsAction' | 'completed';
  due?: string;
  completed?: string;
  updated: string;
  position: string;
  hidden?: boolean;
}
export interface GoogleTasksFake extends FakeService {
  lists: Map<string, { title: string; tasks: GTask[] }>;
  add(list: string, title: string, extra?: Partial<GTask>): GTask;
}

const notFound = (reply: FastifyReply) => reply.code(404).send(googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound'));
const invalid = (reply: FastifyReply, message: string) => reply.code(400).send(googleError(400, 'INVALID_ARGUMENT', message, 'invalid'));

export async function startGoogleTasksFake(): Promise<GoogleTasksFake> {
  const lists = new Map<string, { title: string; tasks: GTask[] }>([['MDefaultList', { title: 'My Tasks', tasks: [] }], ['MWorkList', { title: 'Work', tasks: [] }]]);
  let n = 0;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const now = () => new Date((clock += 1000)).toISOString();
  const listOf = (id: string) => lists.get(id === '@default' ? 'MDefaultList' : id);
  const add = (list: string, title: string, extra: Partial<GTask> = {}): GTask => {
    const l = listOf(list)!;
    const t: GTask = { kind: 'tasks#task', id: `T${String(++n).padStart(6, '0')}`, etag: `"e${n}"`, title, status: 'needsAction', updated: now(), position: String(n).padStart(20, '0'), ...extra };
    l.tasks.push(t);
    return t;
  };
  const dueOk = (d: unknown) => d === undefined || (typeof d === 'string' && !Number.isNaN(Date.parse(d)));

  const fake = await startFakeService({
    tokenPath: '/token',
    unauthorized: (reply) => reply.code(401).send(googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.', 'authError')),
    routes(app) {
      app.get('/tasks/v1/users/@me/lists', async () => ({ kind: 'tasks#taskLists', items: [...lists].map(([id, l]) => ({ kind: 'tasks#taskList', id, title: l.title, updated: new Date(clock).toISOString() })) }));
      app.get('/tasks/v1/lists/:list/tasks', async (req, reply) => {
        const l = listOf((req.params as { list: string }).list);
        if (!l) return notFound(reply);
        const q = req.query as Record<string, string>;
        const size = Number(q['maxResults'] ?? 20);
        if (!Number.isInteger(size) || size < 1 || size > 100) return invalid(reply, 'Invalid value for maxResults');
        const showCompleted = q['showCompleted'] !== 'false';
        const showHidden = q['showHidden'] === 'true';
        const all = l.tasks.filter((t) => (showCompleted || t.status !== 'completed') && (showHidden || !t.hidden));
        const start = q['pageToken'] ? Number(Buffer.from(q['pageToken'], 'base64url').toString()) : 0;
        const more = start + size < all.length;
        return { kind: 'tasks#tasks', etag: '"list"', items: all.slice(start, start + size), ...(more ? { nextPageToken: Buffer.from(String(start + size)).toString('base64url') } : {}) };
      });
      app.get('/tasks/v1/lists/:list/tasks/:task', async (req, reply) => {
        const p = req.params as { list: string; task: string };
        return listOf(p.list)?.tasks.find((t) => t.id === p.task) ?? notFound(reply);
      });
      app.post('/tasks/v1/lists/:list/tasks', async (req, reply) => {
        const l = (req.params as { list: string }).list;
        if (!listOf(l)) return notFound(reply);
        const b = (req.body ?? {}) as Partial<GTask>;
        if (!dueOk(b.due)) return invalid(reply, 'Invalid value for due');
        return add(l, b.title ?? '', { ...(b.notes !== undefined ? { notes: b.notes } : {}), ...(b.due ? { due: b.due } : {}) });
      });
      app.patch('/tasks/v1/lists/:list/tasks/:task', async (req, reply) => {
        const p = req.params as { list: string; task: string };
        const t = listOf(p.list)?.tasks.find((x) => x.id === p.task);
        if (!t) return notFound(reply);
        const b = (req.body ?? {}) as Partial<Omit<GTask, 'completed'>> & { completed?: string | null };
        if (!dueOk(b.due)) return invalid(reply, 'Invalid value for due');
        if (b.status !== undefined && b.status !== 'completed' && b.status !== 'needsAction') return invalid(reply, 'Invalid value for status');
        for (const k of ['title', 'notes', 'due'] as const) if (b[k] !== undefined) t[k] = b[k];
        if (b.status === 'completed' && t.status !== 'completed') Object.assign(t, { status: 'completed', completed: now() });
        if (b.status === 'needsAction') {
          t.status = 'needsAction';
          delete t.completed;
        }
        t.updated = now();
        return t;
      });
    },
  });
  return Object.assign(fake, { lists, add });
}
