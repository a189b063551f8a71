import { type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 160, event: 'shopify.new_order', label: 'a new Shopify order', pattern: /\b(?:when(?:ever)?|each time|every time|for every|for each|if)\b[^.;,]*?\bshopify\b[^.;,]*?\borders?\b[^,;]*|\b(?:when(?:ever)?|each time|every time|for every|for each)\b[^.;,]*?\b(?:new\s+)?(?:shopify\s+)?orders?\b[^,;]*?(?:\b(?:comes in|placed|received|is made|arrives)\b|\bshopify\b)[^,;]*/i },
];
