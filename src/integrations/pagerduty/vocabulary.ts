import { type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  { rank: 290, action: 'pagerduty.create_incident', pattern: /\b(?:open|create|trigger|raise|page)\b[^.;]*?\bpagerduty\b|\bpagerduty\s+incident\b/i, label: () => 'open a PagerDuty incident' },
];
