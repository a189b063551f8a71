import { type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 290, event: 'twilio.new_incoming_sms', label: 'an incoming text message', ask: (c) => (c.to ? undefined : 'Which Twilio number receives the messages?'), pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:sms|text messages?)\b[^.;,]*?\b(?:receive[sd]?|arrives?|comes in|gets?)\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 80, action: 'twilio.send_sms', pattern: /\b(?:sms|text\s+message|text\s+me|send\s+(?:me\s+)?a\s+text)\b/i, label: () => 'send a text message', ask: (i) => (i.to ? undefined : 'Which phone number should the text go to (such as +14155550100), and from which Twilio number?') },
];
