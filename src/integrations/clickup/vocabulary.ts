import { type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  { rank: 210, action: 'clickup.create_task', pattern: /\b(?:create|add|make)\b[^.;]*?\bclickup\b/i, label: () => 'create a ClickUp task' },
];
