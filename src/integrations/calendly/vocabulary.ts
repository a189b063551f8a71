import { type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 220, event: 'calendly.new_booking', label: 'a new Calendly booking', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:books?|schedules?)\s+(?:a\s+)?(?:meeting|call|demo)\b[^,;]*|\bnew\s+calendly\s+bookings?\b/i },
];
