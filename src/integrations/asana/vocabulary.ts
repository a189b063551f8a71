import { type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  { rank: 230, action: 'asana.create_task', pattern: /\b(?:create|add|make)\b[^.;]*?\basana\b/i, label: () => 'create an Asana task' },
];
