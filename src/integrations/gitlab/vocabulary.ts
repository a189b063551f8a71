import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 60, event: 'gitlab.new_issue', label: 'a new GitLab issue', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bgitlab\b[^.;,]*?\bissues?\b[^,;]*|\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bissues?\b[^.;,]*?\bgitlab\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 190, action: 'gitlab.create_issue', pattern: /\b(?:create|open|file|raise)\b[^.;]*?\bgitlab\b|\bgitlab\s+issue\b/i, label: () => 'open a GitLab issue' },
];
