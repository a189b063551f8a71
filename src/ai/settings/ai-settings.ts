import { z } from 'zod';
import { nowIso, parseJsonColumn, type AppContext } from '../../platform/index.js';
import { forgetInRequest, inRequest, primeInRequest } from '../../platform/request-scope.js';
import type { AiSettings } from '../../shared/ai.js';

export { aiSettingsSchema, type AiSettings } from '../../shared/ai.js';

const empty: AiSettings = { defaultModel: null, fallbackModels: [], monthlyBudgetUsd: null, hardLimit: true };

/** Settings of a workspace ('' scope) and of each member (their own defaults and budget). */
export function createSettingsStore(ctx: AppContext) {
  // A chat turn asks for these at every step (model choice, fallbacks, budget): once per request is enough.
  // A member's settings are read with the workspace's (every caller wants both), in one query.
  const key = (workspaceId: string, scopeUserId: string) => `ai_settings:${workspaceId}:${scopeUserId}`;
  const copy = (v: AiSettings): AiSettings => ({ ...v, fallbackModels: [...v.fallbackModels] });
  const read = (workspaceId: string, scopeUserId: string): Promise<AiSettings> =>
    inRequest(key(workspaceId, scopeUserId), () => load(workspaceId, scopeUserId)).then(copy);
  const load = async (workspaceId: string, scopeUserId: string): Promise<AiSettings> => {
    const rows = await ctx.db
      .selectFrom('ai_settings')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('scope_user_id', 'in', [...new Set([scopeUserId, ''])])
      .execute();
    const of = (scope: string): AiSettings => {
      const r = rows.find((x) => x.scope_user_id === scope);
      if (!r) return { ...empty };
      return {
        defaultModel: r.default_model,
        // Read as stored (not the write schema): a provider removed since must not make the settings unreadable.
        fallbackModels: parseJsonColumn(z.array(z.string()), r.fallback_models, { column: 'ai_settings.fallback_models' }),
        monthlyBudgetUsd: r.monthly_budget_usd === null ? null : Number(r.monthly_budget_usd),
        hardLimit: r.hard_limit === 1,
      };
    };
    if (scopeUserId !== '') primeInRequest(key(workspaceId, ''), of(''));
    return of(scopeUserId);
  };
  return {
    workspace: (workspaceId: string) => read(workspaceId, ''),
    user: (workspaceId: string, userId: string) => read(workspaceId, userId),
    async write(workspaceId: string, scopeUserId: string, s: AiSettings): Promise<void> {
      const values = {
        default_model: s.defaultModel,
        fallback_models: JSON.stringify(s.fallbackModels),
        monthly_budget_usd: s.monthlyBudgetUsd,
        hard_limit: s.hardLimit ? 1 : 0,
        updated_at: nowIso(),
      };
      await ctx.db
        .insertInto('ai_settings')
        .values({ workspace_id: workspaceId, scope_user_id: scopeUserId, ...values })
        .onConflict((oc) => oc.columns(['workspace_id', 'scope_user_id']).doUpdateSet(values))
        .execute();
      forgetInRequest(`ai_settings:${workspaceId}:`);
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
