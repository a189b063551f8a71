import { type ActionPhrase } from '../kit/phrasing.js';

// How people ask for this service's triggers and actions, for the offline planner (ranks: kit/phrasing.ts).
export const actionPhrases: ActionPhrase[] = [
  // Excel first: "an Excel sheet" is Excel's.
  {
    rank: 130,
    action: 'microsoft_excel.append_row',
    pattern: /\b(?:add|append|log|record|save|put|insert|track|write)\b[^.;]*?\bexcel\b/i,
    label: () => 'add a row to an Excel table',
    ask: () => 'Which Excel workbook (its OneDrive item id) and table should the row go to? The step fills a “Details” column: rename it to the table’s columns.',
  },
];
