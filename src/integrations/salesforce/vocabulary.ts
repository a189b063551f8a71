import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 120, event: 'salesforce.new_record', label: 'a new Salesforce record', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bsalesforce\b[^,;]*/i, config: (_t, m) => (/\bopportunit/i.test(m[0]) ? { object: 'Opportunity' } : /\bcontact/i.test(m[0]) ? { object: 'Contact' } : { object: 'Lead' }) },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 330, action: 'salesforce.create_lead', pattern: /\b(?:add|create|save)\b[^.;]*?\bsalesforce\b/i, label: () => 'create a Salesforce lead' },
];
