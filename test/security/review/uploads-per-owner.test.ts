import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../../src/memory/test-support.js';
import { addMember, signUpOwner, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';

/**
 * Finding 12: uploading a file with the same name replaced another member's private upload. Uploads are
 * now keyed per owner and visibility: the same person re-uploading a name (with the same visibility)
 * still replaces their file; a colleague's upload is never touched.
 */
describe.each(dialects)('finding 12: uploads are keyed per owner (%s)', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let member: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_LOG_LEVEL: 'warn' });
    owner = await signUpOwner(t.app);
    member = await addMember(t.app, owner, 'member');
  }, 60_000);
  afterAll(() => t?.cleanup());

  const upload = async (actor: TestActor, content: string, visibility: 'private' | 'workspace') => {
    const body = multipartBody([{ filename: 'notes.txt', content, type: 'text/plain' }], { visibility });
    const res = await t.app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', headers: { ...actor.bearer, ...body.headers }, payload: body.payload });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ indexed: 1 });
  };
  const titles = async (actor: TestActor, q: string) =>
    ((await t.app.inject({ method: 'GET', url: `/api/memory/search?q=${encodeURIComponent(q)}&mode=fulltext`, headers: actor.bearer })).json() as { hits: { title: string }[] }).hits.map((h) => h.title);
  const documents = async (actor: TestActor) =>
    ((await t.app.inject({ method: 'GET', url: '/api/memory/documents', headers: actor.bearer })).json() as { documents: { id: string; title: string }[] }).documents;

  it("finding 12: a colleague's upload of the same name leaves a member's private upload alone", async () => {
    await upload(owner, 'Acquisition target shortlist: Falcon Gliders.', 'private');
    const mine = await documents(owner);
    expect(mine.map((d) => d.title)).toEqual(['notes.txt']);

    await upload(member, 'Member notes about the hangar party.', 'private');
    await upload(member, 'Workspace notes about the tool crib.', 'workspace');

    // The owner's private file is still there, unchanged, and still only theirs.
    expect(await titles(owner, 'acquisition shortlist falcon')).toEqual(['notes.txt']);
    expect((await documents(owner)).map((d) => d.id)).toContain(mine[0]!.id);
    expect(await titles(member, 'acquisition shortlist falcon')).toEqual([]);
    // The member's two uploads are their own documents.
    expect(await titles(member, 'hangar party')).toEqual(['notes.txt']);
    expect(await titles(owner, 'hangar party')).toEqual([]);
    expect(await titles(owner, 'tool crib')).toEqual(['notes.txt']);
  });

  it('finding 12: the same owner re-uploading a name with the same visibility still replaces it', async () => {
    await upload(member, 'Workspace notes, second edition: the paint shop.', 'workspace');
    expect(await titles(owner, 'tool crib')).toEqual([]);
    expect(await titles(owner, 'paint shop')).toEqual(['notes.txt']);
    expect(await titles(member, 'hangar party')).toEqual(['notes.txt']);
    expect(await titles(owner, 'acquisition shortlist falcon')).toEqual(['notes.txt']);
  });
});
