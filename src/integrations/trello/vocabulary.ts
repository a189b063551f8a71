import { type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  { rank: 220, action: 'trello.create_card', pattern: /\b(?:create|add|make)\b[^.;]*?\btrello\b|\btrello\s+card\b/i, label: () => 'create a Trello card' },
];
