import { CronExpressionParser } from 'cron-parser';
import type { Kysely } from 'kysely';
import { newId, nowIso, type Database, type Logger } from '../../platform/index.js';
import type { Clock } from '../../platform/jobs/index.js';
import type { Trigger } from '../definition/schema.js';
import type { WorkflowStore } from '../store/workflow-store.js';
import type { StartRunInput } from './engine.js';

type ScheduleTrigger = Extract<Trigger, { type: 'schedule' }>;

/** Ticks of a schedule in (after, upTo], oldest first (at most `max`). */
export function ticksBetween(t: ScheduleTrigger, after: number, upTo: number, max = 10): number[] {
  const out: number[] = [];
  if (t.everyMinutes) {
    const step = t.everyMinutes * 60_000;
    for (let tick = Math.floor(after / step) * step + step; tick <= upTo && out.length < max; tick += step) out.push(tick);
    return out;
  }
  const it = CronExpressionParser.parse(t.cron ?? '* * * * *', { tz: t.timezone, currentDate: new Date(after) });
  for (;;) {
    const next = it.next().getTime();
    if (next > upTo || out.length >= max) return out;
    out.push(next);
  }
}

/**
 * Fires schedule triggers. Every replica ticks; a tick becomes a run only for the replica whose insert
 * of (workflow, tick) wins the primary key, so each tick fires exactly once across replicas. A replica
 * that was down does not replay more than `catchUpMs` of missed ticks.
 */
export function createScheduler(deps: {
  db: Kysely<Database>;
  workflows: WorkflowStore;
  clock: Clock;
  logger: Logger;
  createRun(input: StartRunInput & { runId: string }, inTransaction: (trx: Kysely<Database>) => Promise<boolean>): Promise<boolean>;
  catchUpMs?: number;
}) {
  let last = deps.clock.now();
  const catchUpMs = deps.catchUpMs ?? 5 * 60_000;

  async function tick(): Promise<number> {
    const now = deps.clock.now();
    const from = Math.max(last, now - catchUpMs);
    last = now;
    let fired = 0;
    for (const { workflow, definition, version } of await deps.workflows.listActivePublished()) {
      if (definition.trigger.type !== 'schedule') continue;
      for (const at of ticksBetween(definition.trigger, from, now)) {
        const runId = newId('run_');
        const tickIso = new Date(at).toISOString();
        const won = await deps.createRun(
          { workspaceId: workflow.workspaceId, workflowId: workflow.id, version, triggerType: 'schedule', triggerData: { scheduledAt: tickIso }, runId },
          async (trx) => {
            const r = await trx
              .insertInto('workflow_schedule_ticks')
              .values({ workflow_id: workflow.id, tick: tickIso, run_id: runId, created_at: nowIso() })
              .onConflict((oc) => oc.columns(['workflow_id', 'tick']).doNothing())
              .executeTakeFirst();
            return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
          },
        );
        if (won) fired++;
      }
    }
    return fired;
  }

  return { tick };
}
