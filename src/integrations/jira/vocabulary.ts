import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 50, event: 'jira.new_issue', label: 'a new Jira issue', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bjira\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 170, action: 'jira.create_issue', pattern: /\b(?:create|open|file|raise|add|make)\b[^.;]*?\bjira\b|\bjira\s+(?:ticket|issue)\b/i, label: () => 'create a Jira issue' },
];
