import { channelOf, chatVerbs, type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  {
    rank: 40,
    event: 'slack.new_message',
    label: 'a new Slack message',
    pattern: /\b(?:when(?:ever)?|each time|every time)\s+(?:someone|anyone|somebody|a\s+\w+)?\s*(?:posts?|writes?|sends?|mentions?)\b[^.;]*?(?:#[\w-]+|\bslack\b)[^,;]*|\b(?:when(?:ever)?|each time)\s+(?:a\s+)?(?:new\s+)?message\s+(?:is\s+)?(?:posted|arrives)\s+in\s+#[\w-]+/i,
    config: (_t, m) => channelOf(m[0]),
  },
];

export const actionPhrases: ActionPhrase[] = [
  {
    rank: 40,
    action: 'slack.post_message',
    pattern: new RegExp(`\\b(?:${chatVerbs})\\b[^.;]*?(?:#[\\w-]+|\\bslack\\b)|\\bslack\\b[^.;]*?\\b(?:message|notification|alert|post)\\b|\\bdm\\s+me\\b`, 'i'),
    input: (c) => ({ ...channelOf(c), ...(/\b(dm|me)\b/i.test(c) && !/#/.test(c) ? { channel: '@me' } : {}) }),
    label: (i) => `post to ${String(i.channel ?? 'Slack')} on Slack`,
    ask: (i) => (i.channel ? undefined : 'Which Slack channel should it post to?'),
  },
];
