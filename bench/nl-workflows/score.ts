import type { PlanStructure } from '../../src/ai/index.js';

export interface BenchCase {
  id: number;
  text: string;
  expect: PlanStructure;
}

export interface CaseScore {
  trigger: boolean;
  actions: boolean;
  conditions: boolean;
  exact: boolean;
}

const triggerKey = (t: PlanStructure['trigger']) => JSON.stringify([t.type, t.cron ?? null, t.everyMinutes ?? null, t.event ?? null]);
const conditionKey = (c: PlanStructure['conditions'][number]) => JSON.stringify([c.field, c.op, typeof c.value === 'string' ? c.value.toLowerCase() : c.value]);

/** Exact comparison per part: the trigger (type and schedule or event), the ordered action ids, the set of conditions. */
export function scoreCase(expected: PlanStructure, actual: PlanStructure | null): CaseScore {
  if (!actual) return { trigger: false, actions: false, conditions: false, exact: false };
  const trigger = triggerKey(expected.trigger) === triggerKey(actual.trigger);
  const actions = JSON.stringify(expected.actions) === JSON.stringify(actual.actions);
  const conditions = JSON.stringify(expected.conditions.map(conditionKey).sort()) === JSON.stringify(actual.conditions.map(conditionKey).sort());
  return { trigger, actions, conditions, exact: trigger && actions && conditions };
}

export interface Summary {
  cases: number;
  exact: number;
  trigger: number;
  actions: number;
  conditions: number;
}

export function summarise(scores: CaseScore[]): Summary {
  const pct = (k: keyof CaseScore) => (scores.length ? (100 * scores.filter((s) => s[k]).length) / scores.length : 0);
  return { cases: scores.length, exact: pct('exact'), trigger: pct('trigger'), actions: pct('actions'), conditions: pct('conditions') };
}

/**
 * The baseline the planner is measured beside: spot a service keyword and map it to that service's most
 * common action, with a manual trigger and no conditions (what a keyword matcher would do).
 */
export function keywordBaseline(text: string): PlanStructure {
  const t = text.toLowerCase();
  const keywords: [RegExp, string][] = [
    [/slack|#\w/, 'slack.post_message'],
    [/e-?mail/, 'gmail.send_email'],
    [/notion/, 'notion.create_page'],
    [/sheet|spreadsheet/, 'google_sheets.append_row'],
    [/jira/, 'jira.create_issue'],
    [/trello/, 'trello.create_card'],
  ];
  const actions = keywords.filter(([re]) => re.test(t)).map(([, a]) => a);
  return { trigger: { type: 'manual' }, actions, conditions: [] };
}
