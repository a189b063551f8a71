import { fromOf, subjectOf, recipientOf, type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  {
    rank: 30,
    event: 'gmail.new_email',
    label: 'a new email',
    pattern: /\b(?:when(?:ever)?|each time|every time|if|as soon as)\s+(?:i|we)\s+(?:get|receive)s?\s+(?:an?\s+)?(?:new\s+)?(?:e-?mail|message|mail)s?\b[^,;]*|\b(?:when(?:ever)?|each time|every time)\s+(?:an?\s+)?(?:new\s+)?e-?mail\s+(?:arrives|comes in|is received|lands)\b[^,;]*|\bfor\s+(?:every|each)\s+(?:new\s+)?(?:incoming\s+)?e-?mail\b[^,;]*|\bnew\s+e-?mails?\s+from\b[^,;]*|\b(?:when(?:ever)?|each time|every time)\s+(?:someone|anyone|somebody|a\s+customer|a\s+client)\s+e-?mails\b[^,;]*/i,
    config: (_t, m) => ({ ...fromOf(m[0]), ...subjectOf(m[0]) }),
  },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 90, action: 'gmail.forward_email', pattern: /\bforward\b[^.;]*?\b(?:it|them|the\s+e-?mails?|the\s+message)?\b[^.;]*?\bto\b/i, input: recipientOf, label: (i) => `forward it to ${String(i.to ?? 'someone')}`, ask: (i) => (i.to ? undefined : 'Who should it be forwarded to?') },
  {
    rank: 110,
    action: 'gmail.send_email',
    pattern: /\b(?:e-?mail\s+(?:me|us|the|it|them|a|an|[A-Z][a-z]+|[\w.+-]+@)|send\s+(?:me\s+|us\s+|them\s+|him\s+|her\s+|[A-Z][a-z]+\s+)?an?\s+(?:[\w-]+\s+){0,2}(?:e-?mail|mail)|mail\s+me|e-?mail\s+(?:a\s+)?(?:summary|report|digest|reminder)|(?:an?\s+)?e-?mail\s+(?:to|with)\b|send\s+(?:[\w-]+\s+){0,3}(?:by|via)\s+e-?mail|via\s+e-?mail)/i,
    input: recipientOf,
    label: (i) => `email ${i.to === 'me' ? 'you' : String(i.to ?? 'someone')}`,
    ask: (i) => (i.to ? undefined : 'Who should the email go to?'),
  },
];
