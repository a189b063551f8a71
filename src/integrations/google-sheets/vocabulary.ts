import { linkAs, type ActionPhrase, type TriggerPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const triggerPhrases: TriggerPhrase[] = [
  { rank: 210, event: 'google_sheets.new_row', label: 'a new spreadsheet row', config: (text) => linkAs('spreadsheetId')(text), ask: (c) => (c.spreadsheetId ? undefined : 'Which Google Sheet should it watch (paste its link), and which sheet (tab)? Row 1 must hold the column names.'), pattern: /\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\b(?:added|appended|inserted)\s+to\s+(?:the\s+|a\s+|my\s+|our\s+)?(?:[\w-]+\s+){0,3}(?:google\s+)?(?:sheet|spreadsheet)s?\b[^,;]*|\b(?:when(?:ever)?|each time|every time)\b[^.;,]*?\bnew\s+rows?\b[^.;,]*?\b(?:sheet|spreadsheet)s?\b[^,;]*/i },
];

export const actionPhrases: ActionPhrase[] = [
  {
    rank: 140,
    action: 'google_sheets.append_row',
    pattern: /\b(?:add|append|log|record|save|put|insert|track|write)\b[^.;]*?\b(?:google\s+sheets?|spreadsheet|sheet)\b/i,
    input: linkAs('spreadsheetId'),
    label: () => 'add a row to a Google Sheet',
    ask: (i) =>
      i.spreadsheetId
        ? 'Which sheet (tab) of the spreadsheet should the row go to? The step fills a “Details” column: rename it to the columns of its header row.'
        : 'Which Google Sheet should the row go to (paste its link), and which sheet (tab)? The step fills a “Details” column: rename it to the columns of its header row.',
  },
];
