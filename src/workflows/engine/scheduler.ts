import { CronExpressionParser } from 'cron-parser';
import type { Kysely } from 'kysely';
import { newId, nowIso, type Database, type Logger } from '../../platform/index.js';
import type { Clock } from '../../platform/jobs/index.js';
import type { Trigger } from '../definition/schema.js';
import type { WorkflowStore } from '../repositories/workflow-repository.js';
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
 * that was down does not replay more than `catchUpMs` of missed ticks. A tick whose run could not be
 * created (database briefly unavailable) is tried again on the next pass, for that workflow only.
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
  // Workflows whose tick failed: the pass resumes them from just before that tick.
  const retryFrom = new Map<string, number>();
  const catchUpMs = deps.catchUpMs ?? 5 * 60_000;

  async function tick(): Promise<number> {
    const now = deps.clock.now();
    const since = last;
    let fired = 0;
    const active = await deps.workflows.listActivePublished();
    last = now;
    let failure: unknown;
    for (const { workflow, definition, version } of active) {
      if (definition.trigger.type !== 'schedule') continue;
      const from = Math.max(retryFrom.get(workflow.id) ?? since, now - catchUpMs);
      retryFrom.delete(workflow.id);
      for (const at of ticksBetween(definition.trigger, from, now)) {
        const runId = newId('run_');
        const tickIso = new Date(at).toISOString();
        let won: boolean;
        try {
          won = await deps.createRun(
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
        } catch (err) {
          // Not fired: this workflow resumes from this tick next pass (the primary key keeps it to one run).
          retryFrom.set(workflow.id, at - 1);
          failure ??= err;
          break;
        }
        if (won) fired++;
      }
    }
    if (failure) deps.logger.warn({ err: failure }, 'schedule tick could not start a run; it is tried again next pass');
    return fired;
  }

  return { tick };
}
