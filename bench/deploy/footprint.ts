// Sizing figures for docs/operations.md: memory of one process, disk per document and per run, and
// single-process throughput of uploads and workflow runs, on SQLite (embedded) in this process.
//   npx tsx bench/deploy/footprint.ts [documents=200] [runs=300]
import { statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../../src/app.js';
import { workflowDefinitionSchema, workflowRuntime } from '../../src/workflows/index.js';
import { signUpOwner } from '../../test/support/auth.js';
import { createTestContext } from '../../test/support/context.js';

const documents = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 300);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
function du(p: string): number {
  const s = statSync(p, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.size;
  return readdirSync(p).reduce((sum, f) => sum + du(path.join(p, f)), 0);
}
const words = 'invoice contract meeting roadmap budget customer release incident backup migration quarterly review onboarding security vendor renewal'.split(' ');
const doc = (i: number) => {
  let text = `# Document ${i}\n\n`;
  for (let p = 0; p < 12; p++) text += `${Array.from({ length: 45 }, (_, w) => words[(i * 7 + p * 3 + w) % words.length]).join(' ')}.\n\n`;
  return text; // about 4 KB of text, ~3 passages
};

const baselineRss = process.memoryUsage().rss;
const t = await createTestContext('sqlite', { ATOM_LOG_LEVEL: 'warn' });
const app = await buildApp(t.ctx);
const rt = workflowRuntime(t.ctx);
rt.startWorkers();
const owner = await signUpOwner(app);
const afterStartRss = process.memoryUsage().rss;
const dbFile = path.join(t.dataDir, 'atom.db');
const checkpoint = () => t.ctx.database.db.executeQuery({ sql: 'pragma wal_checkpoint(TRUNCATE)', parameters: [], query: { kind: 'RawNode' } } as never).catch(() => undefined);

// Uploads: one file per request, waiting for indexing (extract, chunk, embed locally, write LanceDB).
await checkpoint();
const dbBeforeDocs = du(dbFile);
let bytesIn = 0;
const docsStarted = performance.now();
for (let i = 0; i < documents; i++) {
  const body = doc(i);
  bytesIn += body.length;
  const boundary = `b${i}`;
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="doc-${i}.md"\r\nContent-Type: text/markdown\r\n\r\n${body}\r\n--${boundary}--\r\n`;
  const res = await app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', headers: { ...owner.bearer, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  if (res.statusCode !== 201) throw new Error(`upload answered ${res.statusCode}: ${res.body}`);
}
const docsMs = performance.now() - docsStarted;
await checkpoint();
const lanceBytes = du(path.join(t.dataDir, 'lancedb'));
const dbPerDoc = (du(dbFile) - dbBeforeDocs) / documents;
const searchStarted = performance.now();
for (let i = 0; i < 50; i++) await app.inject({ url: `/api/memory/search?q=${words[i % words.length]}%20${words[(i + 5) % words.length]}`, headers: owner.bearer });
const searchMs = (performance.now() - searchStarted) / 50;
const afterDocsRss = process.memoryUsage().rss;

// Workflow runs: 3 steps each, executed by this process's embedded queue.
const definition = workflowDefinitionSchema.parse({
  trigger: { type: 'manual' },
  steps: [
    { id: 'vars', type: 'set', values: { total: '{{ trigger.amount * 2 }}' } },
    { id: 'note', type: 'action', action: 'core.log', input: { message: 'total is {{ vars.total }}' } },
    { id: 'shape', type: 'transform', expression: '{ "total": vars.total }' },
  ],
});
const wf = await rt.engine.workflows.create({ workspaceId: owner.workspaceId, name: 'bench', definition, author: owner.userId });
await checkpoint();
const dbBeforeRuns = du(dbFile);
const runsStarted = performance.now();
const started = await Promise.all(Array.from({ length: runs }, (_, i) => rt.engine.startRun({ workspaceId: owner.workspaceId, workflowId: wf.id, version: 1, triggerType: 'manual', triggerData: { amount: i }, mode: 'live' })));
const done = await Promise.all(started.map((r) => rt.engine.waitForRun(r.id, 300_000)));
const runsMs = performance.now() - runsStarted;
if (done.some((r) => r?.status !== 'succeeded')) throw new Error('a run did not succeed');
await checkpoint();
const dbPerRun = (du(dbFile) - dbBeforeRuns) / runs;
const peakRss = process.memoryUsage().rss;

console.log(`baseline: this process with Atom's modules loaded (tsx), before any context or app exists: RSS ${mb(baselineRss)}`);
console.log(`atom (SQLite, embedded queue) built and serving: RSS ${mb(afterStartRss)}; after ${documents} documents: ${mb(afterDocsRss)}; after ${runs} runs: ${mb(peakRss)}`);
console.log(`memory: ${documents} markdown files (${kb(bytesIn / documents)} each) indexed in ${(docsMs / 1000).toFixed(1)} s = ${((documents * 1000) / docsMs).toFixed(1)} documents/s, one at a time`);
console.log(`memory: LanceDB ${kb(lanceBytes / documents)} per document (${mb(lanceBytes)} total), SQL ${kb(dbPerDoc)} per document; search ${searchMs.toFixed(1)} ms mean over 50 queries`);
console.log(`workflows: ${runs} runs of 3 steps in ${(runsMs / 1000).toFixed(1)} s = ${((runs * 1000) / runsMs).toFixed(1)} runs/s in one process (ATOM_WORKFLOW_CONCURRENCY=${t.config.ATOM_WORKFLOW_CONCURRENCY}); ${kb(dbPerRun)} of database per run (journal included)`);
await app.close();
await t.cleanup();
process.exit(0);
