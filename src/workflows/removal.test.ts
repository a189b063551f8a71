import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { createCollabStore } from '../collab/index.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const definition = { trigger: { type: 'manual' }, steps: [{ id: 'say_hi', type: 'action', action: 'core.log', input: { message: 'hi' } }] };

describe.each(dialects)('deleting a workflow (%s)', (dialect) => {
  let t: TestApp;
  let owner: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_LOG_LEVEL: 'warn', ATOM_LOGIN_DELAY_MS: '0' });
    owner = await signUpOwner(t.app);
  });
  afterAll(() => t.cleanup());

  const create = async (name: string) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name, definition } });
    expect(r.statusCode).toBe(201);
    return r.json<{ id: string }>().id;
  };
  const traces = async (workflowId: string) => ({
    comments: (await t.ctx.db.selectFrom('workflow_comments').select('id').where('workflow_id', '=', workflowId).execute()).length,
    drafts: (await t.ctx.db.selectFrom('collab_documents').select('workflow_id').where('workflow_id', '=', workflowId).execute()).length,
    updates: (await t.ctx.db.selectFrom('collab_updates').select('id').where('workflow_id', '=', workflowId).execute()).length,
    coAuthors: (await t.ctx.db.selectFrom('collab_version_authors').select('version').where('workflow_id', '=', workflowId).execute()).length,
  });

  it('removes its comments and co-editing draft, and leaves other workflows alone', async () => {
    const doomed = await create('Doomed');
    const kept = await create('Kept');
    const collab = createCollabStore(t.ctx.db);
    for (const id of [doomed, kept]) {
      const c = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/comments`, headers: owner.bearer, payload: { body: 'Looks good' } });
      expect(c.statusCode).toBe(201);
      await collab.append(owner.workspaceId, id, new Uint8Array([0, 0]), owner.userId);
      await collab.recordVersion(id, 1, [owner.userId]);
    }
    expect(await traces(doomed)).toEqual({ comments: 1, drafts: 1, updates: 1, coAuthors: 1 });

    const del = await t.app.inject({ method: 'DELETE', url: `/api/workflows/${doomed}`, headers: owner.bearer });
    expect(del.statusCode).toBe(204);

    expect(await traces(doomed)).toEqual({ comments: 0, drafts: 0, updates: 0, coAuthors: 0 });
    expect(await traces(kept)).toEqual({ comments: 1, drafts: 1, updates: 1, coAuthors: 1 });
  });
});
