import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 110, event: 'freshdesk.new_ticket', label: 'a new Freshdesk ticket', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bfreshdesk\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 310, action: 'freshdesk.create_ticket', pattern: /\b(?:open|create|file|raise)\b[^.;]*?\bfreshdesk\b/i, label: () => 'open a Freshdesk ticket' },
];
