import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 260, event: 'zendesk.new_ticket', label: 'a new support ticket', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bnew\s+(?:support\s+|zendesk\s+)?tickets?\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 200, action: 'zendesk.create_ticket', pattern: /\b(?:create|open|file|raise)\b[^.;]*?\b(?:zendesk|support)\s+ticket\b|\bzendesk\s+ticket\b/i, label: () => 'open a Zendesk ticket' },
];
