import { type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  { rank: 120, action: 'notion.create_page', pattern: /\b(?:create|add|make|log|save|write)\b[^.;]*?\bnotion\b|\bnotion\s+(?:page|database|entry|doc)\b/i, label: () => 'create a Notion page' },
];
