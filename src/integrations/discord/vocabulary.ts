import { msg, chatVerbs, type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 280, event: 'discord.new_message', label: 'a new Discord message', ask: (c) => (c.channelId ? undefined : 'Which Discord channel should it watch (its id: right-click the channel, Copy Channel ID)?'), pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bdiscord\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  { rank: 60, action: 'discord.send_message', pattern: msg(chatVerbs, 'discord'), label: () => 'post to Discord', ask: (i) => (i.channelId ? undefined : 'Which Discord channel should it post to (its id: right-click the channel, Copy Channel ID)?') },
];
