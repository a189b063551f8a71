import { msg, chatVerbs, type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 270, event: 'telegram.new_message', label: 'a new Telegram message to the bot', pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\btelegram\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 70, action: 'telegram.send_message', pattern: msg(chatVerbs, 'telegram'), label: () => 'send a Telegram message', ask: (i) => (i.chatId ? undefined : 'Which Telegram chat should it send to (a chat id, or @channelname)?') },
];
