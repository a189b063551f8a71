import { type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 300, event: 'rss.new_item', label: 'a new feed item', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:rss|feed|blog)\b[^,;]*/i },
];
