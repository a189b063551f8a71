import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 130, event: 'zoom.new_meeting', label: 'a new Zoom meeting', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bzoom\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 280, action: 'zoom.create_meeting', pattern: /\b(?:create|schedule|set up|start)\b[^.;]*?\bzoom\b/i, label: () => 'create a Zoom meeting' },
];
