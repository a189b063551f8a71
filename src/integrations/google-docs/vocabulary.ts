import { linkAs, type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  {
    rank: 150,
    action: 'google_docs.append_text',
    pattern: /\b(?:add|append|log|write|save|put)\b[^.;]*?\bgoogle\s+docs?\b|\bgoogle\s+doc\b[^.;]*?\b(?:append|add)\b/i,
    input: linkAs('documentId'),
    label: () => 'add it to a Google Doc',
    ask: (i) => (i.documentId ? undefined : 'Which Google Doc should it be added to (paste its link)?'),
  },
];
