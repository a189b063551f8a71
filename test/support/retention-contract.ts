import { afterEach, describe, expect, it } from 'vitest';
import type { RetentionClass } from '../../src/retention/index.js';
import { createTestContext, dialects, type TestContext } from './context.js';

const DAY = 24 * 60 * 60 * 1000;

export interface RetentionContractSetup {
  /** Creates items in the workspace, one per age (days before now), returning their ids in the same order. */
  seed(t: TestContext, workspaceId: string, agesInDays: number[]): Promise<string[]>;
  /** Ids of the workspace's items still stored. */
  remaining(t: TestContext, workspaceId: string): Promise<string[]>;
}

/**
 * The contract every retention data class must keep, on both dialects: the preview lists exactly the
 * workspace's items older than the cutoff (oldest first, honouring the limit) and changes nothing; the purge
 * removes exactly the ids it is given that are the workspace's and older than the cutoff.
 *
 * @example
 * describeRetentionClassContract(workflowRunsRetention, { seed: …, remaining: … });
 */
export function describeRetentionClassContract(dataClass: RetentionClass, setup: RetentionContractSetup): void {
  describe.each(dialects)(`retention class ${dataClass.name} on %s`, (dialect) => {
    let t: TestContext | undefined;
    afterEach(async () => {
      await t?.cleanup();
      t = undefined;
    });

    it('previews exactly the old items of the workspace and purges exactly those', async () => {
      t = await createTestContext(dialect);
      const mine = await setup.seed(t, 'ws-contract', [100, 60, 45, 20, 1]);
      const theirs = await setup.seed(t, 'ws-other', [100, 60]);
      const cutoff = new Date(Date.now() - 30 * DAY).toISOString();

      const preview = await dataClass.preview(t.ctx.db, 'ws-contract', cutoff, 100);
      expect(preview.total).toBe(3);
      expect(preview.ids).toEqual(mine.slice(0, 3));
      expect((await dataClass.preview(t.ctx.db, 'ws-contract', cutoff, 2)).ids).toEqual(mine.slice(0, 2));
      expect((await setup.remaining(t, 'ws-contract')).sort()).toEqual([...mine].sort());

      // Foreign ids and ids newer than the cutoff are ignored.
      expect(await dataClass.purge(t.ctx.db, 'ws-contract', cutoff, theirs)).toBe(0);
      expect(await dataClass.purge(t.ctx.db, 'ws-contract', cutoff, [mine[4]!])).toBe(0);
      expect(await dataClass.purge(t.ctx.db, 'ws-contract', cutoff, preview.ids)).toBe(3);
      expect((await setup.remaining(t, 'ws-contract')).sort()).toEqual(mine.slice(3).sort());
      expect((await setup.remaining(t, 'ws-other')).sort()).toEqual([...theirs].sort());
      expect((await dataClass.preview(t.ctx.db, 'ws-contract', cutoff, 100)).total).toBe(0);
    });
  });
}
