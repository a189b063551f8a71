import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 100, event: 'pipedrive.new_deal', label: 'a new Pipedrive deal', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bpipedrive\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 300, action: 'pipedrive.create_deal', pattern: /\b(?:add|create|open)\b[^.;]*?\bpipedrive\b/i, label: () => 'create a Pipedrive deal' },
];
