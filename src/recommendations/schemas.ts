// The recommendation shapes are API shapes: they live in src/shared/recommendations.ts (the web app reads them).
export {
  recommendationCandidateSchema,
  recommendationKeySchema,
  recommendationKinds,
  recommendationListSchema,
  recommendationSchema,
  type Recommendation,
  type RecommendationCandidate,
} from '../shared/recommendations.js';
