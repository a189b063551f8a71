import { jsonataString } from './expressions.js';
import { param, type NodeContext } from './node-context.js';

/** One n8n filter condition (IF v2, Switch v3 rules, Filter v2) as JSONata; undefined when it cannot be. */
function filterCondition(c: NodeContext, cond: Record<string, unknown>, i: number, caseSensitive: boolean): string | undefined {
  const op = (cond['operator'] ?? {}) as { type?: string; operation?: string };
  const L0 = c.jsonata(`condition ${i + 1} left`, cond['leftValue']);
  const R0 = c.jsonata(`condition ${i + 1} right`, cond['rightValue']);
  if (L0 === undefined || R0 === undefined) return undefined;
  const str = op.type === 'string' && !caseSensitive;
  const L = str ? `$lowercase(${L0})` : L0;
  const R = str ? `$lowercase(${R0})` : R0;
  const type = op.type ?? 'string';
  const operation = op.operation ?? 'equals';
  const empty = type === 'array' ? `$count(${L0}) = 0` : type === 'object' ? `$count($keys(${L0})) = 0` : `($not($exists(${L0})) or ${L0} = null or ${L0} = "")`;
  const ms = (x: string) => `$toMillis(${x})`;
  switch (operation) {
    case 'exists':
      return `$exists(${L0})`;
    case 'notExists':
      return `$not($exists(${L0}))`;
    case 'empty':
      return `(${empty})`;
    case 'notEmpty':
      return `$not(${empty})`;
    case 'equals':
      return type === 'dateTime' ? `(${ms(L0)} = ${ms(R0)})` : `(${L} = ${R})`;
    case 'notEquals':
      return type === 'dateTime' ? `(${ms(L0)} != ${ms(R0)})` : `(${L} != ${R})`;
    case 'contains':
      return type === 'array' ? `(${R0} in ${L0})` : `$contains(${L}, ${R})`;
    case 'notContains':
      return type === 'array' ? `$not(${R0} in ${L0})` : `$not($contains(${L}, ${R}))`;
    case 'startsWith':
      return `($substring(${L}, 0, $length(${R})) = ${R})`;
    case 'notStartsWith':
      return `($substring(${L}, 0, $length(${R})) != ${R})`;
    case 'endsWith':
      return `($substring(${L}, $length(${L}) - $length(${R})) = ${R})`;
    case 'notEndsWith':
      return `($substring(${L}, $length(${L}) - $length(${R})) != ${R})`;
    case 'gt':
    case 'lt':
    case 'gte':
    case 'lte': {
      const sym = { gt: '>', lt: '<', gte: '>=', lte: '<=' }[operation];
      return `(${L0} ${sym} ${R0})`;
    }
    case 'after':
    case 'before':
    case 'afterOrEquals':
    case 'beforeOrEquals': {
      const sym = { after: '>', before: '<', afterOrEquals: '>=', beforeOrEquals: '<=' }[operation];
      return `(${ms(L0)} ${sym} ${ms(R0)})`;
    }
    case 'true':
      return `(${L0} = true)`;
    case 'false':
      return `(${L0} = false)`;
    case 'lengthEquals':
    case 'lengthNotEquals':
    case 'lengthGt':
    case 'lengthLt':
    case 'lengthGte':
    case 'lengthLte': {
      const sym = { lengthEquals: '=', lengthNotEquals: '!=', lengthGt: '>', lengthLt: '<', lengthGte: '>=', lengthLte: '<=' }[operation];
      return `($count(${L0}) ${sym} ${R0})`;
    }
    case 'regex':
    case 'notRegex': {
      const pattern = cond['rightValue'];
      if (typeof pattern !== 'string' || pattern.startsWith('=')) {
        c.note(`condition ${i + 1}: a regular expression computed by an expression is not translated`);
        return undefined;
      }
      const test = `$contains($string(${L0}), $regex(${jsonataString(pattern)}))`;
      return operation === 'regex' ? test : `$not(${test})`;
    }
    default:
      c.note(`condition ${i + 1}: the ${type} operation ${operation} is not translated`);
      return undefined;
  }
}

/** n8n filter value (`{ conditions: [...], combinator, options }`) as one JSONata condition. */
export function filterToJsonata(c: NodeContext, filter: unknown): string | undefined {
  const f = (filter ?? {}) as { conditions?: Record<string, unknown>[]; combinator?: string; options?: { caseSensitive?: boolean } };
  const parts = (f.conditions ?? []).map((cond, i) => filterCondition(c, cond, i, f.options?.caseSensitive !== false));
  if (parts.some((p) => p === undefined)) return undefined;
  if (parts.length === 0) return 'true';
  return parts.join(f.combinator === 'or' ? ' or ' : ' and ');
}

const v1Ops: Record<string, (L: string, R: string) => string> = {
  equal: (L, R) => `(${L} = ${R})`,
  notEqual: (L, R) => `(${L} != ${R})`,
  contains: (L, R) => `$contains($string(${L}), ${R})`,
  notContains: (L, R) => `$not($contains($string(${L}), ${R}))`,
  startsWith: (L, R) => `($substring(${L}, 0, $length(${R})) = ${R})`,
  notStartsWith: (L, R) => `($substring(${L}, 0, $length(${R})) != ${R})`,
  endsWith: (L, R) => `($substring(${L}, $length(${L}) - $length(${R})) = ${R})`,
  notEndsWith: (L, R) => `($substring(${L}, $length(${L}) - $length(${R})) != ${R})`,
  isEmpty: (L) => `($not($exists(${L})) or ${L} = "" or ${L} = null)`,
  isNotEmpty: (L) => `$not($not($exists(${L})) or ${L} = "" or ${L} = null)`,
  smaller: (L, R) => `(${L} < ${R})`,
  smallerEqual: (L, R) => `(${L} <= ${R})`,
  larger: (L, R) => `(${L} > ${R})`,
  largerEqual: (L, R) => `(${L} >= ${R})`,
  after: (L, R) => `($toMillis(${L}) > $toMillis(${R}))`,
  before: (L, R) => `($toMillis(${L}) < $toMillis(${R}))`,
};

/** One v1 comparison (`value1 operation value2`), as IF v1 and Switch v1/v2 rules write them. */
export function v1Comparison(c: NodeContext, field: string, value1: unknown, operation: string, value2: unknown): string | undefined {
  const L = c.jsonata(`${field} value1`, value1);
  const R = c.jsonata(`${field} value2`, value2);
  const f = v1Ops[operation];
  if (L === undefined || R === undefined) return undefined;
  if (!f) {
    c.note(`${field}: the operation ${operation} is not translated`);
    return undefined;
  }
  return f(L, R);
}

/** The condition of an IF node (v1 typed lists or v2 filter). */
export function ifCondition(c: NodeContext): string | undefined {
  const conditions = param(c.node, 'conditions');
  if (conditions && typeof conditions === 'object' && 'conditions' in conditions) return filterToJsonata(c, conditions);
  const parts: (string | undefined)[] = [];
  for (const kind of ['string', 'number', 'boolean', 'dateTime']) {
    const list = ((conditions ?? {}) as Record<string, unknown>)[kind];
    if (!Array.isArray(list)) continue;
    list.forEach((x: Record<string, unknown>, i) => parts.push(v1Comparison(c, `${kind} condition ${i + 1}`, x['value1'], String(x['operation'] ?? (kind === 'boolean' ? 'equal' : 'equal')), x['value2'] ?? (kind === 'boolean' ? false : ''))));
  }
  if (parts.some((p) => p === undefined)) return undefined;
  if (parts.length === 0) return 'true';
  return parts.join(param(c.node, 'combineOperation') === 'any' ? ' or ' : ' and ');
}

/**
 * A Switch node as one JSONata value giving the index of the output an item goes to (-1: the fallback),
 * and the number of outputs.
 */
export function switchRoute(c: NodeContext): { value: string; outputs: number; fallback: number | undefined } | undefined {
  const n = c.node;
  const v = n.typeVersion ?? 1;
  const mode = param(n, 'mode') ?? 'rules';
  if (mode === 'expression') {
    const outputs = Number(param(n, 'numberOutputs') ?? 4);
    const value = c.jsonata('output', param(n, 'output'));
    return value === undefined ? undefined : { value, outputs, fallback: undefined };
  }
  const fallbackOption = v >= 3 ? param(n, 'options.fallbackOutput') : param(n, 'fallbackOutput');
  if (v >= 3) {
    const rules = (param(n, 'rules.values') as { conditions?: unknown }[] | undefined) ?? [];
    const conds = rules.map((r) => filterToJsonata(c, r.conditions));
    if (conds.some((x) => x === undefined)) return undefined;
    const value = conds.reduceRight<string>((acc, cond, i) => `(${cond ?? 'false'}) ? ${i} : ${acc}`, '-1');
    const fallback = fallbackOption === 'extra' ? rules.length : typeof fallbackOption === 'number' ? fallbackOption : undefined;
    return { value, outputs: rules.length + (fallbackOption === 'extra' ? 1 : 0), fallback };
  }
  const rules = (param(n, 'rules.rules') as { operation?: string; value2?: unknown; output?: number }[] | undefined) ?? [];
  const conds = rules.map((r, i) => v1Comparison(c, `rule ${i + 1}`, param(n, 'value1'), r.operation ?? 'equal', r.value2));
  if (conds.some((x) => x === undefined)) return undefined;
  const value = conds.reduceRight<string>((acc, cond, i) => `(${cond ?? 'false'}) ? ${rules[i]?.output ?? i} : ${acc}`, '-1');
  const outputs = Math.max(4, ...rules.map((r) => (r.output ?? 0) + 1));
  return { value, outputs, fallback: typeof fallbackOption === 'number' && fallbackOption >= 0 ? fallbackOption : undefined };
}
