import { type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  { rank: 240, action: 'todoist.create_task', pattern: /\b(?:create|add|make)\b[^.;]*?\btodoist\b/i, label: () => 'add a Todoist task' },
];
