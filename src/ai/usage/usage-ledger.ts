import { sql } from 'kysely';
import { AppError, newId, nowIso, type AppContext } from '../../platform/index.js';
import { aiMetrics } from '../metrics.js';
import type { SettingsStore } from '../settings/ai-settings.js';
import { estimateCost, estimateSpeechCost } from './prices.js';

export type AiFeature = 'chat' | 'summary' | 'from_text' | 'transcribe' | 'workflow' | 'recommendations';

export interface UsageEntry {
  workspaceId: string;
  userId: string;
  provider: string;
  model: string;
  feature: AiFeature;
  inputTokens: number;
  outputTokens: number;
  /** Speech-to-text: priced per audio minute instead of per token. */
  audioSeconds?: number | undefined;
}

export const monthOf = (iso: string) => iso.slice(0, 7);

const nextMonthStart = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1)).toISOString().slice(0, 10);
};

/** Tokens and estimated cost of every model call, and the monthly budgets that stop calls. */
export function createUsageLedger(ctx: AppContext, settings: SettingsStore) {
  const metrics = aiMetrics(ctx);
  const spent = async (workspaceId: string, month: string, userId?: string): Promise<number> => {
    let q = ctx.db
      .selectFrom('ai_usage')
      .select(sql<number>`coalesce(sum(cost_usd), 0)`.as('cost'))
      .where('workspace_id', '=', workspaceId)
      .where('month', '=', month);
    if (userId) q = q.where('user_id', '=', userId);
    const r = await q.executeTakeFirst();
    return Number(r?.cost ?? 0);
  };

  return {
    async record(e: UsageEntry): Promise<{ costUsd: number; priced: boolean }> {
      const cost = e.audioSeconds === undefined ? estimateCost(e.provider, e.model, e.inputTokens, e.outputTokens) : estimateSpeechCost(e.provider, e.model, e.audioSeconds);
      const now = nowIso();
      await ctx.db
        .insertInto('ai_usage')
        .values({
          id: newId(),
          workspace_id: e.workspaceId,
          user_id: e.userId,
          provider: e.provider,
          model: e.model,
          feature: e.feature,
          input_tokens: e.inputTokens,
          output_tokens: e.outputTokens,
          cost_usd: cost.costUsd,
          priced: cost.priced ? 1 : 0,
          month: monthOf(now),
          created_at: now,
        })
        .execute();
      metrics.tokens.inc({ provider: e.provider, direction: 'input' }, e.inputTokens);
      metrics.tokens.inc({ provider: e.provider, direction: 'output' }, e.outputTokens);
      return cost;
    },

    spent,

    /**
     * Refuses a call once the workspace's or the caller's hard monthly budget is spent. Soft budgets only
     * log: the usage page shows the overrun.
     */
    async assertWithinBudget(workspaceId: string, userId: string): Promise<void> {
      const month = monthOf(nowIso());
      // The member's settings first: that read brings the workspace's along (ai-settings.ts).
      const mine = await settings.user(workspaceId, userId);
      const checks = [
        { who: 'This workspace', s: await settings.workspace(workspaceId), userScoped: false },
        { who: 'You', s: mine, userScoped: true },
      ];
      for (const { who, s, userScoped } of checks) {
        if (s.monthlyBudgetUsd === null) continue;
        const used = await spent(workspaceId, month, userScoped ? userId : undefined);
        if (used < s.monthlyBudgetUsd) continue;
        if (!s.hardLimit) {
          ctx.logger.warn({ workspaceId, scope: userScoped ? 'user' : 'workspace', budgetUsd: s.monthlyBudgetUsd }, 'AI budget exceeded (soft limit)');
          continue;
        }
        throw new AppError(
          'ai.budget.exceeded',
          `${who} reached the monthly AI budget ($${used.toFixed(2)} of $${s.monthlyBudgetUsd.toFixed(2)}). AI calls resume on ${nextMonthStart(month)}, or an admin can raise the budget in Settings → AI.`,
          { status: 402, extensions: { budgetUsd: s.monthlyBudgetUsd, spentUsd: Number(used.toFixed(6)), scope: userScoped ? 'user' : 'workspace' } },
        );
      }
    },
  };
}

export type UsageLedger = ReturnType<typeof createUsageLedger>;
