import { z } from 'zod';
import { aiServices } from '../ai/index.js';
import type { Principal } from '../platform/http/index.js';
import { AppError, perContext, type AppContext } from '../platform/index.js';
import type { Recommendation, RecommendationCandidate } from './schemas.js';

/** What the model may say about one candidate: its id, and optionally a plainer title and reason. */
const answerSchema = z.object({
  items: z.array(z.object({ id: z.string(), title: z.string().optional(), reason: z.string().optional() })).max(200),
});

interface RankedEntry {
  key: string;
  title?: string | undefined;
  reason?: string | undefined;
}

export interface RankingOptions {
  /** The whole model call, fallbacks included, must answer within this; then the rules order stands. */
  timeoutMs?: number | undefined;
  now?: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 3_000;
const RANKED_TTL_MS = 5 * 60_000;
// A failing or missing model is asked again only after this, so a broken provider does not add its
// timeout to every page load.
const FALLBACK_TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

interface CacheEntry {
  /** The candidates the ranking was made for: key → title and reason. */
  contents: Map<string, string>;
  ranking: Promise<RankedEntry[] | undefined>;
  expiresAt: number;
}

// Rankings by `workspace:user`, per app context.
const caches = perContext(() => new Map<string, CacheEntry>());
const contentOf = (c: RecommendationCandidate) => `${c.title}\u0000${c.reason}`;

/** Forgets every cached ranking of this app context (tests, and nothing else, need this). */
export function forgetRankings(ctx: AppContext): void {
  caches(ctx).clear();
}

/**
 * Orders the rule-based candidates for the caller with their AI model, when they may use AI and one is
 * set up: one call, answer validated, rewording optional. The model can only reorder and reword the
 * candidates it was given — unknown ids are ignored, and candidates it leaves out follow in rule order.
 * Without a model, or when the call fails, times out or answers nonsense, the rule order is returned.
 * The result is cached per user for a few minutes and reused while the candidates are the same or a
 * subset (a dismissal does not call the model again).
 */
export async function rankCandidates(ctx: AppContext, caller: Principal, candidates: RecommendationCandidate[], options: RankingOptions = {}): Promise<Recommendation[]> {
  if (candidates.length === 0 || !caller.permissions.has('ai:use')) return byRules(candidates);
  const now = options.now ?? Date.now();
  const cache = caches(ctx);
  const userKey = `${caller.workspaceId}:${caller.userId}`;
  let entry = cache.get(userKey);
  if (!entry || entry.expiresAt <= now || !covers(entry, candidates)) {
    const contents = new Map(candidates.map((c) => [c.key, contentOf(c)]));
    const created: CacheEntry = { contents, ranking: Promise.resolve(undefined), expiresAt: now + RANKED_TTL_MS };
    created.ranking = askModel(ctx, caller, candidates, options.timeoutMs ?? DEFAULT_TIMEOUT_MS).then((ranking) => {
      if (!ranking) created.expiresAt = now + FALLBACK_TTL_MS;
      return ranking;
    });
    entry = created;
    if (cache.size >= MAX_ENTRIES) evict(cache, now);
    cache.set(userKey, entry);
  }
  const ranking = await entry.ranking;
  return ranking ? apply(candidates, ranking) : byRules(candidates);
}

const byRules = (candidates: RecommendationCandidate[]): Recommendation[] => candidates.map((c) => ({ ...c, rankedBy: 'rules' }));

function covers(entry: CacheEntry, candidates: RecommendationCandidate[]): boolean {
  return candidates.every((c) => entry.contents.get(c.key) === contentOf(c));
}

function evict(cache: Map<string, CacheEntry>, now: number): void {
  for (const [k, e] of cache) if (e.expiresAt <= now) cache.delete(k);
  // Still full: drop the oldest (a Map iterates in insertion order).
  for (const k of cache.keys()) {
    if (cache.size < MAX_ENTRIES) break;
    cache.delete(k);
  }
}

/** The model's order first (only ids it was given, each once), then whatever it left out, in rule order. */
export function apply(candidates: RecommendationCandidate[], ranking: RankedEntry[]): Recommendation[] {
  const left = new Map(candidates.map((c) => [c.key, c]));
  const out: Recommendation[] = [];
  for (const r of ranking) {
    const c = left.get(r.key);
    if (!c) continue;
    left.delete(r.key);
    out.push({ ...c, title: r.title ?? c.title, reason: r.reason ?? c.reason, rankedBy: 'model' });
  }
  for (const c of left.values()) out.push({ ...c, rankedBy: 'rules' });
  return out;
}

const instructions = [
  'You order personal suggestions for one user of Atom, a workflow automation tool: the most useful for them first.',
  'Broken things they rely on usually come before new ideas, and new ideas before reading.',
  'You may also reword each title (at most 80 characters) and reason (one sentence, at most 200 characters) in plain, friendly language.',
  'Keep every fact: names, numbers, services and error codes. Never invent suggestions; use only the ids given.',
  'Answer with ONE JSON object and nothing else: {"items": [{"id": "<id>", "title": "<optional>", "reason": "<optional>"}]}.',
  'Leave out "title" or "reason" to keep the original wording.',
].join('\n');

async function askModel(ctx: AppContext, caller: Principal, candidates: RecommendationCandidate[], timeoutMs: number): Promise<RankedEntry[] | undefined> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AppError('recommendations.model.timeout', `The model did not answer within ${timeoutMs} ms.`));
    }, timeoutMs);
  });
  try {
    const list = candidates.map((c) => ({ id: c.key, kind: c.kind, title: c.title, reason: c.reason }));
    const call = aiServices(ctx).runner.run({
      workspaceId: caller.workspaceId,
      userId: caller.userId,
      feature: 'recommendations',
      system: instructions,
      messages: [{ role: 'user', content: `Suggestions, in the order the rules put them:\n${JSON.stringify(list, null, 1)}` }],
      signal: controller.signal,
    });
    call.catch(() => undefined); // a late failure after the timeout must not surface as unhandled
    const answer = await Promise.race([call, timedOut]);
    const parsed = answerSchema.safeParse(parseJson(answer.text));
    if (!parsed.success) throw new AppError('recommendations.model.invalid_answer', `The model's answer does not match the schema: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
    const ranking = sanitise(parsed.data.items, new Set(candidates.map((c) => c.key)));
    if (ranking.length === 0) throw new AppError('recommendations.model.invalid_answer', 'The model named none of the suggestions it was given.');
    ctx.logger.debug({ userId: caller.userId, model: answer.model, candidates: candidates.length, ranked: ranking.length }, 'recommendations ranked by the model');
    return ranking;
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'recommendations.model.failed';
    const message = err instanceof Error ? err.message : String(err);
    // No model set up is the ordinary case, not a problem. Messages of model errors are scrubbed of keys by the runner.
    const quiet = code === 'ai.no_model' || code === 'ai.budget.exceeded';
    ctx.logger[quiet ? 'debug' : 'warn']({ userId: caller.userId, code, message: message.slice(0, 300) }, 'recommendations: model ranking skipped; rule order used');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** Keeps ids that were asked about, once each; rewording only when it is a short single line. */
function sanitise(items: z.infer<typeof answerSchema>['items'], known: Set<string>): RankedEntry[] {
  const seen = new Set<string>();
  const text = (s: string | undefined, max: number) => {
    const t = s?.trim();
    return t && t.length <= max && !/[\r\n]/.test(t) ? t : undefined;
  };
  const out: RankedEntry[] = [];
  for (const item of items) {
    if (!known.has(item.id) || seen.has(item.id)) continue;
    seen.add(item.id);
    out.push({ key: item.id, title: text(item.title, 120), reason: text(item.reason, 300) });
  }
  return out;
}

function parseJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  const start = fenced.indexOf('{');
  const end = fenced.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(fenced.slice(start, end + 1));
  } catch {
    return undefined;
  }
}
