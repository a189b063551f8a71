import type { AtomModule } from '../platform/index.js';
import { recommendationsRoutes } from './routes.js';
/** Personal recommendations: rules over usage, each with a reason, dismissals remembered per user; a model, when set up, orders and rewords them. */
export { recommendationsRoutes } from './routes.js';
export { recommendationsFor, dismissRecommendation } from './recommend.js';
export { recommendationSchema, type Recommendation, type RecommendationCandidate } from './schemas.js';

/** Recommendations as src/app.ts composes them. */
export const recommendationsModule: AtomModule = {
  name: 'recommendations',
  routes: (ctx) => [{ plugin: recommendationsRoutes(ctx), prefix: '/api/recommendations' }],
};
