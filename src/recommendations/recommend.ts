import type { Principal } from '../platform/http/index.js';
import { nowIso, type AppContext } from '../platform/index.js';
import { connectionsNeedingAttention } from './rules/connections.js';
import { documentsForRecentTopics } from './rules/documents.js';
import { failingWorkflows } from './rules/failing-workflows.js';
import { firstRunSteps } from './rules/first-run.js';
import { templatesForConnectedServices } from './rules/templates.js';
import type { RecommendationRule } from './rules/types.js';
import { rankCandidates } from './model-ranking.js';
import type { Recommendation, RecommendationCandidate } from './schemas.js';
import './tables.js';

// In order of urgency: broken things first, then new automations, then reading; first-run steps last (a
// new user has nothing else, and they fade as the workspace fills).
const rules: RecommendationRule[] = [connectionsNeedingAttention, failingWorkflows, templatesForConnectedServices, documentsForRecentTopics, firstRunSteps];

// The most candidates a model is asked to order (the route's largest page).
const MAX_CANDIDATES = 50;

/**
 * The caller's suggestions, from rules over data they may read (no model needed), minus the ones they
 * dismissed. A failing rule is logged and skipped, so one bad table never empties the card. When the
 * caller has a model, it orders (and may reword) these candidates; it cannot add any.
 */
export async function recommendationsFor(
  ctx: AppContext,
  caller: Principal,
  options: { now?: number; limit?: number; modelTimeoutMs?: number } = {},
): Promise<Recommendation[]> {
  const now = options.now ?? Date.now();
  const dismissed = new Set(
    (await ctx.db.selectFrom('recommendation_dismissals').select('key').where('workspace_id', '=', caller.workspaceId).where('user_id', '=', caller.userId).execute()).map((d) => d.key),
  );
  const out: RecommendationCandidate[] = [];
  for (const rule of rules) {
    try {
      for (const r of await rule(ctx, caller, now)) if (!dismissed.has(r.key)) out.push(r);
    } catch (err) {
      ctx.logger.warn({ err, rule: rule.name }, 'a recommendation rule failed');
    }
  }
  const ranked = await rankCandidates(ctx, caller, out.slice(0, MAX_CANDIDATES), { timeoutMs: options.modelTimeoutMs, now });
  return ranked.slice(0, options.limit ?? 20);
}

/** Remembers that the caller dismissed a suggestion (idempotent). */
export async function dismissRecommendation(ctx: AppContext, caller: Principal, key: string): Promise<void> {
  await ctx.db
    .insertInto('recommendation_dismissals')
    .values({ workspace_id: caller.workspaceId, user_id: caller.userId, key, dismissed_at: nowIso() })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id', 'key']).doNothing())
    .execute();
}
