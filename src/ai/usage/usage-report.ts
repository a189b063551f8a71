import { sql } from 'kysely';
import { nowIso, type AppContext } from '../../platform/index.js';
import type { AiServices } from '../assistant.js';
import { monthOf } from './usage-ledger.js';
import type { UsageReport } from '../../shared/ai.js';

export { usageReportSchema, type UsageReport } from '../../shared/ai.js';

/** One month of usage, grouped the ways the usage page charts it. Members without ai:manage see their own. */
export async function usageReport(
  ctx: AppContext,
  ai: AiServices,
  q: { workspaceId: string; userId: string; allMembers: boolean; month?: string | undefined },
): Promise<UsageReport> {
  const month = q.month ?? monthOf(nowIso());
  const base = () => {
    let b = ctx.db.selectFrom('ai_usage').where('workspace_id', '=', q.workspaceId).where('month', '=', month);
    if (!q.allMembers) b = b.where('user_id', '=', q.userId);
    return b;
  };
  const sums = {
    calls: sql<number>`count(*)`.as('calls'),
    inputTokens: sql<number>`coalesce(sum(input_tokens), 0)`.as('inputTokens'),
    outputTokens: sql<number>`coalesce(sum(output_tokens), 0)`.as('outputTokens'),
    costUsd: sql<number>`coalesce(sum(cost_usd), 0)`.as('costUsd'),
  };
  const num = <T extends { calls: unknown; inputTokens: unknown; outputTokens: unknown; costUsd: unknown }>(r: T) => ({
    ...r,
    calls: Number(r.calls),
    inputTokens: Number(r.inputTokens),
    outputTokens: Number(r.outputTokens),
    costUsd: Number(Number(r.costUsd).toFixed(6)),
  });
  const totals = num((await base().select([sums.calls, sums.inputTokens, sums.outputTokens, sums.costUsd]).executeTakeFirstOrThrow()));
  const byModel = (
    await base()
      .select(['provider', 'model', sql<number>`min(priced)`.as('priced'), sums.calls, sums.inputTokens, sums.outputTokens, sums.costUsd])
      .groupBy(['provider', 'model'])
      .execute()
  ).map((r) => ({ ...num(r), priced: Number(r.priced) === 1 }));
  const byUser = (await base().select(['user_id', sums.calls, sums.inputTokens, sums.outputTokens, sums.costUsd]).groupBy('user_id').execute()).map(
    ({ user_id, ...r }) => ({ userId: user_id, ...num(r) }),
  );
  const dayExpr = sql<string>`substr(created_at, 1, 10)`;
  const byDay = (await base().select([dayExpr.as('day'), sums.calls, sums.inputTokens, sums.outputTokens, sums.costUsd]).groupBy(dayExpr).orderBy(dayExpr).execute()).map(
    (r) => ({ ...num(r), day: String(r.day) }),
  );
  const byFeature = (await base().select(['feature', sums.calls, sums.inputTokens, sums.outputTokens, sums.costUsd]).groupBy('feature').execute()).map(num);

  const mine = await ai.settings.user(q.workspaceId, q.userId);
  const ws = await ai.settings.workspace(q.workspaceId);
  const wsSpent = await ai.usage.spent(q.workspaceId, month);
  const mySpent = await ai.usage.spent(q.workspaceId, month, q.userId);
  const budget = (s: typeof ws, spent: number) => ({
    budgetUsd: s.monthlyBudgetUsd,
    spentUsd: Number(spent.toFixed(6)),
    hardLimit: s.hardLimit,
    exceeded: s.monthlyBudgetUsd !== null && spent >= s.monthlyBudgetUsd,
  });
  return { month, totals, byModel, byUser, byDay, byFeature, budgets: { workspace: budget(ws, wsSpent), user: budget(mine, mySpent) } };
}
