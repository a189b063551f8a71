import jsonata from 'jsonata';
import { AppError } from '../../platform/index.js';
import { boundedMemo } from '../../platform/memo.js';
import { LinearRegExp } from './linear-regex.js';

/**
 * JSONata expressions over `{ trigger, steps, vars, env, item, index }`. Field values embed them as
 * `{{ expr }}` (a value that is exactly one `{{ expr }}` keeps the result's type); conditions, loop items
 * and transforms are bare expressions. Every evaluation is bounded in time, depth and result size.
 */
export interface ExpressionLimits {
  timeoutMs: number;
  maxResultBytes: number;
}

export const defaultLimits: ExpressionLimits = { timeoutMs: 500, maxResultBytes: 10 * 1024 * 1024 };

const templatePattern = /\{\{([\s\S]+?)\}\}/g;
const wholeTemplate = /^\{\{([\s\S]+?)\}\}$/;

/** Thrown inside an evaluation when a built-in would allocate more than the result limit allows. */
class TooLarge extends Error {
  readonly code = 'ATOM_TOO_LARGE';
}

/**
 * JSONata's $pad allocates its padding in one native step, which no timeout can interrupt: a width of
 * 2e8 aborts the whole process (V8 "invalid size"). This $pad refuses widths past the result limit.
 */
function boundedPad(maxChars: number) {
  return (str: string | undefined, width: number, char?: string): string | undefined => {
    if (str === undefined) return undefined;
    const w = Math.trunc(width);
    if (Math.abs(w) > maxChars) throw new TooLarge(`$pad width ${w} is over the limit of ${maxChars} characters`);
    const fill = char === undefined || char.length === 0 ? ' ' : char;
    const chars = [...str];
    const padLength = Math.abs(w) - chars.length;
    if (padLength <= 0) return str;
    const padding = [...fill.repeat(Math.ceil(padLength / [...fill].length))].slice(0, padLength).join('');
    return w > 0 ? str + padding : padding + str;
  };
}

/** Parses (and caches) one expression; throws AppError `workflows.expression.parse` on bad syntax. */
export function compileExpression(source: string, limits: ExpressionLimits = defaultLimits): jsonata.Expression {
  return parsed(source, limits);
}

// Runs parse the same expressions again and again: parsing is pure (the same in every app context), so it
// is remembered once per process, bounded; a parse error is not remembered.
const parsed = boundedMemo(parseExpression, { max: 5000, key: (source, limits) => `${limits.timeoutMs}|${limits.maxResultBytes}|${source}` });

function parseExpression(source: string, limits: ExpressionLimits): jsonata.Expression {
  try {
    // Typed as RegExpConstructor, but jsonata only uses `new`, `lastIndex` and `exec`, which LinearRegExp has.
    const expr = jsonata(source, { timeout: limits.timeoutMs, stack: 500, sequence: 1_000_000, RegexEngine: LinearRegExp as unknown as RegExpConstructor });
    expr.registerFunction('pad', boundedPad(limits.maxResultBytes), '<s-ns?:s>');
    // $eval would run text from a webhook body, an email or a model's answer as an expression (and let it
    // read the step's secrets): outside data stays data, so it is not offered (docs/security.md).
    expr.registerFunction('eval', () => {
      throw new AppError('workflows.expression.eval_refused', '$eval is not available: data that arrives from outside is never run as an expression.', { status: 400 });
    });
    return expr;
  } catch (err) {
    const e = err as { message?: string; position?: number };
    throw new AppError('workflows.expression.parse', `Expression does not parse: ${e.message ?? String(err)}${e.position !== undefined ? ` (at character ${e.position})` : ''}.`, {
      status: 400,
      cause: err,
    });
  }
}

/** The expressions embedded in a template string (`Hello {{ trigger.name }}` → [` trigger.name `]). */
export const templateExpressions = (value: string): string[] => [...value.matchAll(templatePattern)].map((m) => m[1] ?? '');

export async function evaluateExpression(source: string, data: unknown, limits: ExpressionLimits = defaultLimits): Promise<unknown> {
  const expr = compileExpression(source, limits);
  let result: unknown;
  try {
    result = await expr.evaluate(data);
  } catch (err) {
    const e = err as { message?: string; code?: string };
    if (err instanceof TooLarge) throw new AppError('workflows.expression.too_large', `Expression result is too large: ${err.message}.`, { status: 400 });
    if (err instanceof AppError) throw err;
    throw new AppError(
      e.code === 'D1012' ? 'workflows.expression.timeout' : 'workflows.expression.failed',
      e.code === 'D1012' ? `Expression took longer than ${limits.timeoutMs} ms.` : `Expression failed: ${e.message ?? String(err)}.`,
      { status: 400, cause: err },
    );
  }
  result = normalize(result);
  if (result !== undefined) {
    const size = JSON.stringify(result)?.length ?? 0;
    if (size > limits.maxResultBytes)
      throw new AppError('workflows.expression.too_large', `Expression result is ${size} bytes; the limit is ${limits.maxResultBytes}.`, { status: 400 });
  }
  return result;
}

// JSONata returns sequences (arrays with extra flags) and functions; keep plain JSON.
function normalize(v: unknown): unknown {
  if (v === undefined || typeof v === 'function') return undefined;
  return JSON.parse(JSON.stringify(v)) as unknown;
}

/** Renders every `{{ }}` inside a value (objects and arrays deeply); other values are kept as they are. */
export async function renderValue(value: unknown, data: unknown, limits: ExpressionLimits = defaultLimits): Promise<unknown> {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value;
    const whole = wholeTemplate.exec(value.trim());
    if (whole && templateExpressions(value.trim()).length === 1) return evaluateExpression(whole[1] ?? '', data, limits);
    let out = '';
    let last = 0;
    for (const m of value.matchAll(templatePattern)) {
      out += value.slice(last, m.index);
      const r = await evaluateExpression(m[1] ?? '', data, limits);
      out += r === undefined || r === null ? '' : typeof r === 'string' ? r : JSON.stringify(r);
      last = (m.index ?? 0) + m[0].length;
    }
    return out + value.slice(last);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => renderValue(v, data, limits)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await renderValue(v, data, limits);
    return out;
  }
  return value;
}

/** Every expression source inside a value, with the JSON path to the field holding it. */
export function expressionsIn(value: unknown, path: string): { path: string; source: string }[] {
  if (typeof value === 'string') return templateExpressions(value).map((source) => ({ path, source }));
  if (Array.isArray(value)) return value.flatMap((v, i) => expressionsIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => expressionsIn(v, `${path}.${k}`));
  return [];
}

/** Step ids an expression reads through `steps.<id>`. */
export function referencedSteps(source: string): Set<string> {
  return referencedNames(source, 'steps');
}

/** Secret names an expression reads through `secrets.<NAME>`. */
export function referencedSecrets(source: string): Set<string> {
  return referencedNames(source, 'secrets');
}

// Executors ask for every evaluation: the AST walk is done once per expression (pure, so once per process).
const namesOf = boundedMemo(walkNames, { max: 5000, key: (source, root) => `${root}|${source}` });

function referencedNames(source: string, root: string): Set<string> {
  return new Set(namesOf(source, root));
}

function walkNames(source: string, root: string): ReadonlySet<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const n = node as { type?: string; steps?: { type?: string; value?: unknown }[] };
    if (n.type === 'path' && Array.isArray(n.steps) && n.steps[0]?.type === 'name' && n.steps[0].value === root) {
      const second = n.steps[1];
      if (second?.type === 'name' && typeof second.value === 'string') found.add(second.value);
    }
    for (const v of Object.values(n)) if (v && typeof v === 'object') visit(v);
  };
  visit(compileExpression(source).ast());
  return found;
}
