import { channelOf, msg, chatVerbs, type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  { rank: 50, action: 'microsoft_teams.post_message', pattern: msg(chatVerbs, 'ms teams|microsoft teams|teams'), input: channelOf, label: () => 'post to Microsoft Teams', ask: (i) => (i.channel ? undefined : 'Which Teams channel should it post to?') },
];
