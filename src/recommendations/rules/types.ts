import type { Principal } from '../../platform/http/index.js';
import type { AppContext } from '../../platform/index.js';
import type { RecommendationCandidate } from '../schemas.js';

/** One rule: what it may suggest to this caller, from data the caller may read. */
export type RecommendationRule = (ctx: AppContext, caller: Principal, now: number) => Promise<RecommendationCandidate[]>;
