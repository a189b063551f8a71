import type { Condition } from './draft.js';

export interface ConditionMatch {
  condition: Condition;
  span: [number, number];
}

const ops: [RegExp, Condition['op']][] = [
  [/^(?:over|above|more than|greater than|exceeds?|exceeding|larger than|higher than|bigger than|>)$/, '>'],
  [/^(?:at least|>=|no less than)$/, '>='],
  [/^(?:under|below|less than|lower than|smaller than|<)$/, '<'],
  [/^(?:at most|<=|no more than)$/, '<='],
  [/^(?:not|isn't|is not|does not equal|!=)$/, '!='],
  [/^(?:contains?|includes?|mentions?|has)$/, 'contains'],
  [/^(?:equals?|is equal to|is|=|==)$/, '=='],
];
const opWords = 'over|above|more than|greater than|exceeds?|exceeding|larger than|higher than|bigger than|at least|no less than|under|below|less than|lower than|smaller than|at most|no more than|not|equals?|is equal to|contains?|includes?|mentions?';

/** "10,000", "$5k", "1.5 million", "€200" → 10000, 5000, 1500000, 200; other values stay text. */
export function parseValue(raw: string): string | number {
  const v = raw.trim().replace(/^["“']|["”']$/g, '');
  const m = /^[$€£]?\s*([\d.,]+)\s*(k|m|million|thousand|bn|billion)?\b/i.exec(v);
  if (m && /\d/.test(m[1]!)) {
    const n = Number(m[1]!.replace(/,/g, ''));
    const mult = { k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, bn: 1e9, billion: 1e9 }[(m[2] ?? '').toLowerCase() as 'k'] ?? 1;
    if (Number.isFinite(n)) return n * mult;
  }
  return v.toLowerCase();
}

const fieldOf = (words: string) =>
  words
    .toLowerCase()
    .replace(/\b(the|a|an|its|their|it's|email's|order's|invoice's)\b/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(-2)
    .join('_');

/**
 * Conditions in everyday phrasing: "if the amount is over 10,000", "only when the subject contains
 * invoice", "orders over $500", "if the priority is high".
 */
export function findConditions(text: string, triggerSpan?: [number, number]): ConditionMatch[] {
  const out: ConditionMatch[] = [];
  // Explicit conditions are read outside the trigger's words; "orders over $500" inside them counts.
  const outside = triggerSpan ? text.slice(0, triggerSpan[0]) + ' '.repeat(triggerSpan[1] - triggerSpan[0]) + text.slice(triggerSpan[1]) : text;
  const counted = /\bif\s+there\s+(?:are|is|were)\s+(more than|over|at least|fewer than|less than|under)\s+([\d.,]+k?)\s+([a-z]+(?:\s+[a-z]+)?)/gi;
  for (const m of outside.matchAll(counted)) {
    const op = ops.find(([re]) => re.test(m[1]!.toLowerCase().replace('fewer', 'less')))?.[1] ?? '>';
    out.push({ condition: { field: fieldOf(m[3]!), op, value: parseValue(m[2]!) }, span: [m.index, m.index + m[0].length] });
  }
  const explicit = new RegExp(`\\b(?:if|only if|only when|but only if|provided that|as long as|where|whose)\\s+(?:the\\s+|its\\s+|it's\\s+)?([a-z][a-z ]{0,30}?)\\s+(?:is\\s+|are\\s+|was\\s+)?(${opWords}|is)\\s+("[^"]+"|“[^”]+”|'[^']+'|[$€£]?[\\d.,]+\\s*(?:k|m|million|thousand)?\\b|[\\w@.-]+)`, 'gi');
  for (const m of outside.matchAll(explicit)) {
    if (out.some((o) => o.span[0] <= m.index && m.index < o.span[1])) continue;
    const field = fieldOf(m[1]!);
    if (!field || /^(it|this|that|there|i|we|you)$/.test(field) || /\b(there|if|when)\b/.test(m[1]!)) continue;
    const op = ops.find(([re]) => re.test(m[2]!.toLowerCase()))?.[1] ?? '==';
    out.push({ condition: { field, op, value: parseValue(m[3]!) }, span: [m.index, m.index + m[0].length] });
  }
  const implicit = /\b(orders?|payments?|invoices?|deals?|charges?|expenses?|transactions?|refunds?)\s+(?:of\s+)?(over|above|more than|greater than|bigger than|larger than|under|below|less than)\s+([$€£]?[\d.,]+\s*(?:k|m|million|thousand)?)/gi;
  for (const m of text.matchAll(implicit)) {
    if (out.some((o) => o.span[0] <= m.index && m.index < o.span[1])) continue;
    const op = ops.find(([re]) => re.test(m[2]!.toLowerCase()))?.[1] ?? '>';
    out.push({ condition: { field: 'amount', op, value: parseValue(m[3]!) }, span: [m.index + m[1]!.length, m.index + m[0].length] });
  }
  return out.sort((a, b) => a.span[0] - b.span[0]);
}

/** The condition as a JSONata expression over the trigger event. */
export function conditionExpression(c: Condition): string {
  const path = `trigger.${c.field}`;
  const value = typeof c.value === 'number' ? String(c.value) : JSON.stringify(c.value);
  if (c.op === 'contains') return `$contains($lowercase($string(${path})), ${JSON.stringify(String(c.value).toLowerCase())})`;
  if (c.op === '==') return `${path} = ${value}`;
  return `${path} ${c.op} ${value}`;
}

export const describeCondition = (c: Condition) => {
  const words = { '>': 'is over', '>=': 'is at least', '<': 'is under', '<=': 'is at most', '==': 'is', '!=': 'is not', contains: 'contains' }[c.op];
  return `the ${c.field.replace(/_/g, ' ')} ${words} ${typeof c.value === 'number' ? c.value.toLocaleString('en-US') : `“${c.value}”`}`;
};
