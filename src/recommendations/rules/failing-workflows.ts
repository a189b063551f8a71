import { parseRunError } from '../../notifications/index.js';
import type { RecommendationRule } from './types.js';

const WINDOW_MS = 7 * 86_400_000;
const MIN_FAILURES = 2;

/** How to fix a run from its error code (codes are stable; messages are not matched). */
export function fixFor(code: string): string {
  if (code === 'integrations.connection_required') return 'Choose which connection the step uses (connectionId), or connect the service first.';
  if (/unauthori[sz]ed|forbidden|expired|revoked|invalid_auth|\.auth\b/.test(code)) return 'Reconnect the service the failing step uses: its sign-in is no longer accepted.';
  if (/rate_limit|throttl|too_many/.test(code)) return 'The service is throttling the workflow: run it less often or add a delay between calls.';
  if (/timeout/.test(code)) return 'Raise the step or run timeout, or let each run handle fewer items.';
  if (/not_found/.test(code)) return 'Something the step points at no longer exists (a channel, file or record): update the step’s input.';
  if (/expression|validation|invalid_input|bad_request|schema/.test(code)) return 'An expression or input field does not fit the data: test the step with the pinned sample and fix its input.';
  return 'Open the last failed run to see which step failed and why.';
}

/** Workflows whose runs failed repeatedly this week and whose latest run still failed. */
export const failingWorkflows: RecommendationRule = async (ctx, caller, now) => {
  if (!caller.permissions.has('workflows:read')) return [];
  const since = new Date(now - WINDOW_MS).toISOString();
  const counts = await ctx.db
    .selectFrom('workflow_runs')
    .select(['workflow_id', (eb) => eb.fn.countAll<number | string>().as('failures')])
    .where('workspace_id', '=', caller.workspaceId)
    .where('status', '=', 'failed')
    .where('mode', '=', 'live')
    .where('created_at', '>=', since)
    .groupBy('workflow_id')
    .having((eb) => eb.fn.countAll(), '>=', MIN_FAILURES)
    .limit(20)
    .execute();
  const out = [];
  for (const c of counts) {
    const last = await ctx.db
      .selectFrom('workflow_runs as r')
      .innerJoin('workflows as w', (j) => j.onRef('w.id', '=', 'r.workflow_id').onRef('w.workspace_id', '=', 'r.workspace_id'))
      .select(['r.id', 'r.status', 'r.error', 'w.name'])
      .where('r.workspace_id', '=', caller.workspaceId)
      .where('r.workflow_id', '=', c.workflow_id)
      .where('r.mode', '=', 'live')
      .orderBy('r.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last || last.status !== 'failed') continue;
    const err = parseRunError(last.error);
    out.push({
      key: `failing:${c.workflow_id}`,
      kind: 'failing_workflow' as const,
      title: `Fix “${last.name}”`,
      reason: `Because it failed ${Number(c.failures)} times in the last 7 days${err ? ` (last error: ${err.code})` : ''}. ${fixFor(err?.code ?? 'unknown')}`,
      action: { label: 'Open the last failed run', href: `/workflows/runs/${last.id}` },
    });
  }
  return out;
};
