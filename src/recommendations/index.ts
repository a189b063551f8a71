/** Personal recommendations: rules over usage, each with a reason, dismissals remembered per user; a model, when set up, orders and rewords them. */
export { recommendationsRoutes } from './routes.js';
export { recommendationsFor, dismissRecommendation } from './recommend.js';
export { recommendationSchema, type Recommendation, type RecommendationCandidate } from './schemas.js';
