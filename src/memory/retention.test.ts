import { newId } from '../platform/index.js';
import { describeRetentionClassContract, type RetentionContractSetup } from '../../test/support/retention-contract.js';
import type { TestContext } from '../../test/support/context.js';
import { createMemory, type Memory } from './memory.js';
import { memoryRetentionClasses } from './retention.js';

const DAY = 86_400_000;
// The contract builds a fresh context per test; each gets its own memory, created on first use.
const memories = new WeakMap<TestContext, Memory>();
let current: TestContext | undefined;
const memoryOf = async (t: TestContext) => {
  let m = memories.get(t);
  if (!m) {
    m = await createMemory(t.ctx);
    memories.set(t, m);
    const mem = m;
    t.ctx.lifecycle.onShutdown('memory', () => mem.close());
  }
  current = t;
  return m;
};

const setup = (source: string): RetentionContractSetup => ({
  async seed(t, workspaceId, ages) {
    await memoryOf(t);
    const ids: string[] = [];
    for (const age of ages) {
      const at = new Date(Date.now() - age * DAY).toISOString();
      const id = newId();
      ids.push(id);
      await t.ctx.db
        .insertInto('memory_documents')
        .values({
          id, workspace_id: workspaceId, connection_id: 'c', source, external_id: id, title: id, path: null, url: null, mime: 'text/plain', owner: null,
          modified_at: at, revision: null, content_hash: null, status: 'indexed', sync_run_id: null, created_at: at, updated_at: at, indexed_at: at,
        })
        .execute();
    }
    return ids;
  },
  async remaining(t, workspaceId) {
    return (await t.ctx.db.selectFrom('memory_documents').select('id').where('workspace_id', '=', workspaceId).execute()).map((r) => r.id);
  },
});

// The classes delegate deletion to the memory of the test's own context.
const lazy = (index: number) => {
  const pick = () => {
    if (!current) throw new Error('seed first');
    const m = memories.get(current);
    if (!m) throw new Error('no memory');
    return memoryRetentionClasses(m)[index]!;
  };
  const meta = memoryRetentionClasses({} as Memory)[index]!;
  return { ...meta, preview: (...a: Parameters<typeof meta.preview>) => pick().preview(...a), purge: (...a: Parameters<typeof meta.purge>) => pick().purge(...a) };
};

describeRetentionClassContract(lazy(0), setup('google_drive'));
describeRetentionClassContract(lazy(1), setup('upload'));
