export interface RecommendationDismissalsTable {
  workspace_id: string;
  user_id: string;
  key: string;
  dismissed_at: string;
}

declare module '../platform/db/schema.js' {
  interface Database {
    recommendation_dismissals: RecommendationDismissalsTable;
  }
}
