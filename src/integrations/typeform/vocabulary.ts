import { type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 190, event: 'typeform.new_response', label: 'a new Typeform response', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\btypeform\b[^,;]*/i },
];
