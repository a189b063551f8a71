import { type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  { rank: 340, action: 'mailchimp.add_subscriber', pattern: /\b(?:add|subscribe)\b[^.;]*?\bmailchimp\b/i, label: () => 'add a Mailchimp subscriber' },
];
