import { recipientOf, type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  { rank: 100, action: 'outlook.send_mail', pattern: /\b(?:send|e-?mail|mail)\b[^.;]*?\b(?:with|via|through|from|using)\s+(?:my\s+)?outlook\b|\boutlook\s+(?:e-?)?mail\b/i, input: recipientOf, label: (i) => `email ${i.to === 'me' ? 'you' : String(i.to ?? 'someone')} with Outlook`, ask: (i) => (i.to ? undefined : 'Who should the email go to?') },
];
