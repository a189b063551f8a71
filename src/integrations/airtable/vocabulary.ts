import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 240, event: 'airtable.new_record', label: 'a new Airtable record', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:records?|rows?)\b[^.;,]*?\bairtable\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 160, action: 'airtable.create_record', pattern: /\b(?:add|create|log|save|record)\b[^.;]*?\bairtable\b/i, label: () => 'create an Airtable record' },
];
