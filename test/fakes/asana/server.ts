import { startFakeService, type FakeService } from '../kit/fake-service.js';

/** Asana API fake (developers.asana.com/reference): `{ data }` envelopes, errors `{ errors: [{ message }] }`. */
export interface AsanaFake extends FakeService {
  tasks: { gid: string; name: string; notes?: string; projects?: string[]; due_on?: string }[];
}

export async function startAsanaFake(): Promise<AsanaFake> {
  const state = { tasks: [] as AsanaFake['tasks'] };
  return Object.assign(
    await startFakeService({
      unauthorized: (reply) => reply.code(401).send({ errors: [{ message: 'Not Authorized' }] }),
      routes(app) {
        app.get('/api/1.0/users/me', async () => ({ data: { gid: '1', email: 'me@example.com', name: 'Me' } }));
        app.post('/api/1.0/tasks', async (req, reply) => {
          const d = (req.body as { data?: AsanaFake['tasks'][number] & { workspace?: string } }).data;
          if (!d?.name) return reply.code(400).send({ errors: [{ message: 'name: Missing input', help: 'For more information on API status codes…' }] });
          if (d.projects?.includes('999')) return reply.code(404).send({ errors: [{ message: 'project: Unknown object: 999' }] });
          const t = { gid: String(1000 + state.tasks.length), name: d.name, ...(d.notes ? { notes: d.notes } : {}), ...(d.projects ? { projects: d.projects } : {}), ...(d.due_on ? { due_on: d.due_on } : {}) };
          state.tasks.push(t);
          return reply.code(201).send({ data: { ...t, permalink_url: `https://app.asana.com/0/0/${t.gid}` } });
        });
      },
    }),
    state,
  );
}
