import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 170, event: 'hubspot.deal_won', label: 'a deal won in HubSpot', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bdeals?\b[^.;,]*?\b(?:closed|won|closes)\b[^,;]*/i },
  { rank: 180, event: 'hubspot.new_contact', label: 'a new HubSpot contact', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bnew\s+(?:contact|lead)s?\b[^.;,]*?\bhubspot\b[^,;]*|\bnew\s+hubspot\s+(?:contact|lead)s?\b/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 270, action: 'hubspot.create_contact', pattern: /\b(?:add|create|save)\b[^.;]*?\b(?:contact|lead)s?\b[^.;]*?\bhubspot\b|\bhubspot\b[^.;]*?\b(?:contact|lead)\b/i, label: () => 'create a HubSpot contact' },
];
