/** Personal recommendations: rules over usage, each with a reason, dismissals remembered per user. */
export { recommendationsRoutes } from './routes.js';
export { recommendationsFor, dismissRecommendation } from './recommend.js';
export { recommendationSchema, type Recommendation } from './schemas.js';
