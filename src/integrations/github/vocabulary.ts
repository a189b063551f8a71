import { repoOf, type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 80, event: 'github.new_pull_request', label: 'a new GitHub pull request', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:pull request|pr)s?\b[^.;,]*?\b(?:opened|created|submitted|raised)\b[^,;]*/i, config: (_t, m) => repoOf(m[0]) },
  { rank: 90, event: 'github.new_issue', label: 'a new GitHub issue', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:new\s+)?(?:github\s+)?issues?\b[^.;,]*?\b(?:opened|created|filed|reported|comes in)\b[^,;]*/i, config: (_t, m) => repoOf(m[0]) },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 250, action: 'github.create_issue', pattern: /\b(?:create|open|file|raise)\b[^.;]*?\b(?:github\s+)?issue\b/i, input: repoOf, label: () => 'open a GitHub issue' },
  { rank: 370, action: 'github.add_comment', pattern: /\b(?:comment|reply|respond)\b[^.;]*?\b(?:on|to)\s+(?:the\s+|that\s+)?(?:github\s+)?(?:issue|pull request|pr)\b/i, label: () => 'comment on the GitHub issue' },
];
