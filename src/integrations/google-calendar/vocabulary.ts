import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 230, event: 'google_calendar.new_event', label: 'a new calendar event', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:calendar\s+)?(?:event|meeting)s?\s+(?:is\s+|are\s+|gets\s+)?(?:created|added|scheduled|booked)\b[^,;]*/i },
  { rank: 250, event: 'google_calendar.event_starting_soon', label: 'a calendar event about to start', pattern: /\b(?:before|ahead of)\s+(?:each|every|my|any)\s+(?:meeting|calendar event|call)s?\b[^,;]*|\b(?:when(?:ever)?)\b[^.;,]*?\b(?:meeting|event)s?\b[^.;,]*?\b(?:starts?|is about to start|begins?)\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 260, action: 'google_calendar.create_event', pattern: /\b(?:create|add|schedule|book|put)\b[^.;]*?\b(?:calendar\s+event|event\s+(?:in|on|to)\s+(?:my\s+)?(?:google\s+)?calendar|(?:on|to|in)\s+(?:my\s+)?(?:google\s+)?calendar)\b/i, label: () => 'create a calendar event' },
];
