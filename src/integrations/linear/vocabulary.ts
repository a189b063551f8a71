import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 70, event: 'linear.new_issue', label: 'a new Linear issue', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\blinear\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 180, action: 'linear.create_issue', pattern: /\b(?:create|open|file|add|make)\b[^.;]*?\blinear\b/i, label: () => 'create a Linear issue' },
];
