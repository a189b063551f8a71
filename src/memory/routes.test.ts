import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dialects } from '../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../test/support/principal.js';
import { makeDocx, makeLyingZipBomb, makePdf, oleHeader } from './extract/fixtures.test-support.js';
import { multipartBody } from './test-support.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const rw = ['memory:read', 'memory:write'];
const wsA = asPrincipal({ workspaceId: 'ws-a', userId: 'alice', permissions: rw });
const wsAbob = asPrincipal({ workspaceId: 'ws-a', userId: 'bob', permissions: rw });
const wsB = asPrincipal({ workspaceId: 'ws-b', userId: 'carol', permissions: rw });
const readOnly = asPrincipal({ workspaceId: 'ws-a', userId: 'dan', permissions: ['memory:read'] });

describe.each(dialects)('memory API on %s', (dialect) => {
  let t: TestApp;
  const upload = async (headers: Record<string, string>, files: Parameters<typeof multipartBody>[0], fields: Record<string, string> = {}) => {
    const body = multipartBody(files, fields);
    return t.app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', payload: body.payload, headers: { ...headers, ...body.headers } });
  };
  const search = async (headers: Record<string, string>, query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/memory/search?${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { hits: { documentId: string; title: string; source: string; passages: { snippet: string }[]; locations: unknown[] }[]; tookMs: number };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_MEMORY_MAX_DECOMPRESSED_BYTES: String(2 * 1024 * 1024) }, { authenticator: testAuthenticator });
    const res = await upload(wsA, [
      { filename: 'wing.md', content: '# Wing design\n\nThe transonic wing flutter study found strong shock oscillation.\n\n## Results\n\nFlutter speed rose by 12 percent.' },
      { filename: 'budget.csv', content: 'team,cost\nwind tunnel,1200\nsoftware,300\n' },
      { filename: 'report.pdf', content: makePdf(['Hypersonic heat transfer on blunt bodies.']) },
      { filename: 'notes.docx', content: await makeDocx([['Heading1', 'Meeting notes'], ['', 'Discussed the boundary layer suction experiment.']]) },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    await upload(wsAbob, [{ filename: 'diary.txt', content: 'My private flutter diary entry.' }], { visibility: 'private' });
    await upload(wsB, [{ filename: 'other.txt', content: 'Workspace B flutter secrets about the wing.' }]);
  });
  afterAll(() => t.cleanup());

  it('indexes uploads and reports progress', async () => {
    const jobs = (await t.app.inject({ method: 'GET', url: '/api/memory/jobs', headers: wsA })).json() as { jobs: { done: number; total: number; indexed: number; status: string; rate: number }[] };
    expect(jobs.jobs[0]).toMatchObject({ done: 4, total: 4, indexed: 4, status: 'finished' });
    const docs = (await t.app.inject({ method: 'GET', url: '/api/memory/documents', headers: wsA })).json() as { documents: { title: string; status: string; chunkCount: number; mime: string }[] };
    expect(docs.documents.filter((d) => d.status === 'indexed').map((d) => d.mime).sort()).toEqual(
      ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/csv', 'text/markdown'].sort(),
    );
  });

  it('finds documents with highlighted snippets, one hit per document', async () => {
    const r = await search(wsA, 'q=flutter');
    const titles = r.hits.map((h) => h.title);
    expect(titles[0]).toBe('Wing design');
    expect(new Set(r.hits.map((h) => h.documentId)).size).toBe(r.hits.length);
    // The best passage by BM25 comes first (the shorter "Flutter speed rose..." once the index is built).
    expect(r.hits[0]!.passages[0]!.snippet).toMatch(/<mark>flutter<\/mark>/i);
    expect(r.hits[0]!.source).toBe('upload');
    const pdf = await search(wsA, 'q=hypersonic%20heat');
    expect(pdf.hits[0]!.title).toBe('report.pdf');
  });

  it('previews a document: its passages in order, the matching one flagged with the words marked', async () => {
    const hit = (await search(wsA, 'q=flutter%20speed')).hits.find((h) => h.title === 'Wing design')!;
    const res = await t.app.inject({ method: 'GET', url: `/api/memory/documents/${hit.documentId}/passages?q=flutter%20speed`, headers: wsA });
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json() as { document: { title: string }; passages: { chunkIndex: number; html: string; matched: boolean }[] };
    expect(preview.document.title).toBe('Wing design');
    expect(preview.passages.map((p) => p.chunkIndex)).toEqual([...preview.passages.map((p) => p.chunkIndex)].sort((a, b) => a - b));
    const matched = preview.passages.filter((p) => p.matched);
    expect(matched.length).toBeGreaterThan(0);
    expect(matched.some((p) => p.html.includes('<mark>Flutter</mark> <mark>speed</mark>'))).toBe(true);
    // Another workspace cannot preview it.
    expect((await t.app.inject({ method: 'GET', url: `/api/memory/documents/${hit.documentId}/passages`, headers: wsB })).statusCode).toBe(404);
  });

  it('never shows another workspace’s documents, nor a private upload of someone else', async () => {
    const alice = await search(wsA, 'q=flutter&limit=50');
    expect(alice.hits.map((h) => h.title)).not.toContain('other.txt');
    expect(alice.hits.map((h) => h.title)).not.toContain('diary.txt');
    const bob = await search(wsAbob, 'q=flutter&limit=50');
    expect(bob.hits.map((h) => h.title)).toContain('diary.txt');
    const carol = await search(wsB, 'q=flutter&limit=50');
    expect(carol.hits.map((h) => h.title)).toEqual(['other.txt']);
    for (const mode of ['fulltext', 'vector']) {
      const only = await search(wsB, `q=wing%20flutter&mode=${mode}&limit=50`);
      expect(only.hits.every((h) => h.title === 'other.txt')).toBe(true);
    }
  });

  it('filters by type, source and date', async () => {
    expect((await search(wsA, 'q=flutter%20OR%20hypersonic&types=pdf')).hits.map((h) => h.title)).toEqual(['report.pdf']);
    expect((await search(wsA, 'q=flutter&sources=google_drive')).hits).toEqual([]);
    expect((await search(wsA, 'q=flutter&after=2999-01-01')).hits).toEqual([]);
    const bad = await t.app.inject({ method: 'GET', url: '/api/memory/search?q=x&after=yesterday-ish', headers: wsA });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'http.validation_failed' });
  });

  it('reports the corrupt-file corpus without failing the upload', async () => {
    const res = await upload(wsA, [
      { filename: 'locked.pdf', content: makePdf(['x'], { encrypted: true }) },
      { filename: 'locked.docx', content: oleHeader() },
      { filename: 'bomb.docx', content: await makeLyingZipBomb(8 * 1024 * 1024) },
      { filename: 'photo.png', content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) },
      { filename: 'fine.txt', content: 'A fine file about ailerons.' },
    ]);
    expect(res.statusCode).toBe(201);
    const p = res.json() as { done: number; failed: number; indexed: number; failures: { name: string; code: string }[] };
    expect(p).toMatchObject({ done: 5, failed: 4, indexed: 1 });
    expect(Object.fromEntries(p.failures.map((f) => [f.name, f.code]))).toEqual({
      'locked.pdf': 'memory.extract.encrypted',
      'locked.docx': 'memory.extract.encrypted',
      'bomb.docx': 'memory.extract.zip_bomb',
      'photo.png': 'memory.extract.unsupported_type',
    });
    expect((await search(wsA, 'q=ailerons')).hits.map((h) => h.title)).toEqual(['fine.txt']);
    const stats = (await t.app.inject({ method: 'GET', url: '/api/memory/stats', headers: wsA })).json() as { failures: { byCode: Record<string, number> }; totals: { documents: number; failed: number } };
    expect(stats.failures.byCode['memory.extract.encrypted']).toBe(2);
    expect(stats.totals.failed).toBe(4);
  });

  it('re-uploading an unchanged file does nothing; a changed one replaces its passages', async () => {
    const same = await upload(wsA, [{ filename: 'fine.txt', content: 'A fine file about ailerons.' }]);
    expect(same.json()).toMatchObject({ unchanged: 1, indexed: 0 });
    await upload(wsA, [{ filename: 'fine.txt', content: 'Now it is about spoilers instead.' }]);
    expect((await search(wsA, 'q=ailerons')).hits).toEqual([]);
    expect((await search(wsA, 'q=spoilers')).hits.map((h) => h.title)).toEqual(['fine.txt']);
  });

  it('deletes a document everywhere, and answers 404 across workspaces', async () => {
    const hit = (await search(wsA, 'q=spoilers')).hits[0]!;
    expect((await t.app.inject({ method: 'GET', url: `/api/memory/documents/${hit.documentId}`, headers: wsB })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/memory/documents/${hit.documentId}`, headers: wsB })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/memory/documents/${hit.documentId}`, headers: readOnly })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/memory/documents/${hit.documentId}`, headers: wsA })).statusCode).toBe(204);
    expect((await search(wsA, 'q=spoilers')).hits).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/api/memory/documents/${hit.documentId}`, headers: wsA })).statusCode).toBe(404);
  });

  it('rejects non-multipart uploads and requests without permission', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/memory/documents', headers: { ...wsA, 'content-type': 'application/json' }, payload: '{}' });
    expect(res.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/memory/search?q=x' })).statusCode).toBe(401);
    expect((await upload(readOnly, [{ filename: 'a.txt', content: 'x' }])).statusCode).toBe(403);
  });

  it('serves stats with search analytics', async () => {
    await search(wsA, 'q=qqqzzz%20xxyyw');
    const stats = (await t.app.inject({ method: 'GET', url: '/api/memory/stats', headers: wsA })).json() as {
      bySource: Record<string, { documents: number }>;
      search: { last24h: number; zeroResultQueries: { query: string }[]; latencyMs: { p95: number } };
      store: { rows: number; embedder: string };
    };
    expect(stats.bySource['upload']!.documents).toBeGreaterThanOrEqual(4);
    expect(stats.search.last24h).toBeGreaterThan(3);
    expect(stats.search.zeroResultQueries.map((q) => q.query)).toContain('qqqzzz xxyyw');
    expect(stats.search.latencyMs.p95).toBeGreaterThan(0);
    expect(stats.store.embedder).toBe('local:hash-ngram-v1:1024');
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('atom_memory_search_duration_seconds');
    expect(metrics.body).toContain('atom_memory_documents_total');
  });
});
