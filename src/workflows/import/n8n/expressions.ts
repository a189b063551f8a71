/**
 * Translates n8n expressions (JavaScript inside `{{ }}`, a parameter starting with `=`) into Atom's JSONata.
 * Only a known subset is translated: item data (`$json`, `$input`, `$('Node')`, `$node["Node"]`, `$items`),
 * `$now` / `$today`, `$execution.id`, `$workflow.id`, literals, comparison, logic, arithmetic, the ternary and
 * a few string and math methods. The source is parsed, never evaluated; anything outside the subset is
 * refused with a reason, so nothing the export holds can reach an Atom expression except what this file
 * writes itself.
 */

/** Where n8n data lives in Atom: JSONata giving the current item and a node's output item. */
export interface ExpressionScope {
  /** JSONata for `$json` (the item this node receives), or undefined when it has none. */
  current: string | undefined;
  /** JSONata for a node's output item, by n8n node name; undefined for a node that is not earlier. */
  nodeOutput(name: string): string | undefined;
}

export type Translation = { ok: true; jsonata: string } | { ok: false; reason: string };

class Untranslatable extends Error {}

type Token = { t: 'num' | 'str' | 'id' | 'op'; v: string };

const OPS = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '(', ')', '[', ']', '.', ',', '?', ':', '!', '<', '>', '+', '-', '*', '/', '%'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i));
      out.push({ t: 'num', v: m?.[0] ?? c });
      i += m?.[0].length ?? 1;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') {
          const n = src[j + 1] ?? '';
          s += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) throw new Untranslatable('an unterminated string');
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i));
      out.push({ t: 'id', v: m?.[0] ?? c });
      i += m?.[0].length ?? 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new Untranslatable(`the character ${JSON.stringify(c)} (only simple expressions are translated)`);
    if (op === '?.' && /[0-9]/.test(src[i + 2] ?? '')) out.push({ t: 'op', v: '?' });
    else out.push({ t: 'op', v: op });
    i += op === '?.' && /[0-9]/.test(src[i + 2] ?? '') ? 1 : op.length;
  }
  return out;
}

/** A translated sub-expression; `str` when it is known to give a string (so `+` means concatenation). */
interface Emitted {
  js: string;
  str?: boolean;
  /** A value that still needs `.json` / a method to become data (`$('Node')`, `$input`). */
  pending?: { kind: 'node'; path: string } | { kind: 'dt'; path: string } | { kind: 'fn'; name: string };
}

const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

/** A JSONata path step for a field name. */
export function fieldStep(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name)) return name;
  if (name.includes('`')) throw new Untranslatable('a field name containing a backtick');
  return `\`${name}\``;
}

/** A JSONata string literal; braces are escaped so the result never forms `{{ }}` in a template. */
export function jsonataString(s: string): string {
  return JSON.stringify(s).replace(/[{}]/g, (c) => (c === '{' ? '\\u007b' : '\\u007d'));
}

const STRING_METHODS: ReadonlyMap<string, (x: string, args: string[]) => string> = new Map(Object.entries({
  toLowerCase: (x: string) => `$lowercase(${x})`,
  toUpperCase: (x: string) => `$uppercase(${x})`,
  trim: (x: string) => `$trim(${x})`,
  toString: (x: string) => `$string(${x})`,
  includes: (x: string, a: string[]) => `($type(${x}) = "array" ? (${a[0]} in ${x}) : $contains(${x}, ${a[0]}))`,
  startsWith: (x: string, a: string[]) => `($substring(${x}, 0, $length(${a[0]})) = ${a[0]})`,
  endsWith: (x: string, a: string[]) => `($substring(${x}, $length(${x}) - $length(${a[0]})) = ${a[0]})`,
  split: (x: string, a: string[]) => `$split(${x}, ${a[0]})`,
  join: (x: string, a: string[]) => `$join(${x}, ${a[0] ?? '","'})`,
  replace: (x: string, a: string[]) => `$replace(${x}, ${a[0]}, ${a[1]}, 1)`,
  replaceAll: (x: string, a: string[]) => `$replace(${x}, ${a[0]}, ${a[1]})`,
  slice: (x: string, a: string[]) => `$substring(${x}, ${a[0]}${a[1] ? `, ${a[1]} - ${a[0]}` : ''})`,
  substring: (x: string, a: string[]) => `$substring(${x}, ${a[0]}${a[1] ? `, ${a[1]} - ${a[0]}` : ''})`,
}));
const STRING_RESULT: ReadonlySet<string> = new Set(['toLowerCase', 'toUpperCase', 'trim', 'toString', 'replace', 'replaceAll', 'slice', 'substring', 'join']);

const GLOBAL_FNS: Record<string, (a: string[]) => string> = {
  'Math.round': (a) => `$round(${a[0]})`,
  'Math.floor': (a) => `$floor(${a[0]})`,
  'Math.ceil': (a) => `$ceil(${a[0]})`,
  'Math.abs': (a) => `$abs(${a[0]})`,
  'Math.max': (a) => `$max([${a.join(', ')}])`,
  'Math.min': (a) => `$min([${a.join(', ')}])`,
  'JSON.stringify': (a) => `$string(${a[0]})`,
  String: (a) => `$string(${a[0]})`,
  Number: (a) => `$number(${a[0]})`,
  parseInt: (a) => `$floor($number(${a[0]}))`,
  parseFloat: (a) => `$number(${a[0]})`,
  Boolean: (a) => `$boolean(${a[0]})`,
};

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly scope: ExpressionScope,
  ) {}

  parse(): string {
    const e = this.ternary();
    if (this.i < this.toks.length) throw new Untranslatable(`unexpected ${this.toks[this.i]?.v ?? ''}`);
    return this.value(e);
  }

  private peek(v?: string): Token | undefined {
    const t = this.toks[this.i];
    return v === undefined || (t?.t === 'op' && t.v === v) ? t : undefined;
  }
  private take(v: string): boolean {
    if (this.toks[this.i]?.v === v && this.toks[this.i]?.t === 'op') {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(v: string) {
    if (!this.take(v)) throw new Untranslatable(`expected ${v}`);
  }

  /** Finishes a pending value (`$('Node')` with no `.json` is the node's data). */
  private value(e: Emitted): string {
    if (!e.pending) return e.js;
    if (e.pending.kind === 'fn') throw new Untranslatable(`${e.pending.name} without a call`);
    return e.pending.path;
  }

  private ternary(): Emitted {
    const cond = this.binary(0);
    if (!this.take('?')) return cond;
    const a = this.ternary();
    this.expect(':');
    const b = this.ternary();
    return { js: `(${this.value(cond)} ? ${this.value(a)} : ${this.value(b)})`, str: Boolean(a.str && b.str) };
  }

  private static readonly levels: string[][] = [['??'], ['||'], ['&&'], ['===', '!==', '==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): Emitted {
    if (level >= Parser.levels.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.toks[this.i];
      if (t?.t !== 'op' || !Parser.levels[level]?.includes(t.v)) return left;
      this.i++;
      const right = this.binary(level + 1);
      const l = this.value(left);
      const r = this.value(right);
      switch (t.v) {
        case '??':
          left = { js: `(${l} ?? ${r})` };
          break;
        case '||':
          left = { js: `(${l} ?: ${r})` };
          break;
        case '&&':
          left = { js: `(${l} and ${r})` };
          break;
        case '===':
        case '==':
          left = { js: `(${l} = ${r})` };
          break;
        case '!==':
        case '!=':
          left = { js: `(${l} != ${r})` };
          break;
        case '+':
          left = left.str || right.str ? { js: `(${l} & ${r})`, str: true } : { js: `(${l} + ${r})` };
          break;
        default:
          left = { js: `(${l} ${t.v} ${r})` };
      }
    }
  }

  private unary(): Emitted {
    if (this.take('!')) return { js: `$not(${this.value(this.unary())})` };
    if (this.take('-')) return { js: `-${this.value(this.unary())}` };
    return this.postfix(this.primary());
  }

  private args(): string[] {
    const out: string[] = [];
    if (this.take(')')) return out;
    do out.push(this.value(this.ternary()));
    while (this.take(','));
    this.expect(')');
    return out;
  }

  private nameArg(): string {
    this.expect('(');
    const t = this.toks[this.i];
    if (t?.t !== 'str') throw new Untranslatable('a node reference that is not a quoted name');
    this.i++;
    this.expect(')');
    return t.v;
  }

  private node(name: string): Emitted {
    const out = this.scope.nodeOutput(name);
    if (out === undefined) throw new Untranslatable(`it reads node "${name}", which does not run before this one`);
    return { js: out, pending: { kind: 'node', path: out } };
  }

  private currentItem(): string {
    if (this.scope.current === undefined) throw new Untranslatable('$json has no item here');
    return this.scope.current;
  }

  private primary(): Emitted {
    const t = this.toks[this.i++];
    if (!t) throw new Untranslatable('it ends too early');
    if (t.t === 'num') return { js: t.v };
    if (t.t === 'str') return { js: jsonataString(t.v), str: true };
    if (t.t === 'op' && t.v === '(') {
      const e = this.ternary();
      this.expect(')');
      return { js: `(${this.value(e)})`, ...(e.str ? { str: true } : {}) };
    }
    if (t.t === 'op' && t.v === '[') {
      const items: string[] = [];
      if (!this.take(']')) {
        do items.push(this.value(this.ternary()));
        while (this.take(','));
        this.expect(']');
      }
      return { js: `[${items.join(', ')}]` };
    }
    if (t.t !== 'id') throw new Untranslatable(`unexpected ${t.v}`);
    switch (t.v) {
      case 'true':
      case 'false':
      case 'null':
        return { js: t.v };
      case 'undefined':
        return { js: '$undefined' };
      case '$json':
        return { js: this.currentItem() };
      case '$input':
        return { js: this.currentItem(), pending: { kind: 'node', path: this.currentItem() } };
      case '$':
        return this.node(this.nameArg());
      case '$items':
        return this.node(this.nameArg());
      case '$node': {
        let name: string | undefined;
        if (this.take('[')) {
          const n = this.toks[this.i++];
          if (n?.t !== 'str') throw new Untranslatable('a node reference that is not a quoted name');
          name = n.v;
          this.expect(']');
        } else if (this.take('.')) name = this.toks[this.i++]?.v;
        if (!name) throw new Untranslatable('$node without a node name');
        return this.node(name);
      }
      case '$now':
        return { js: 'env.now', str: true, pending: { kind: 'dt', path: 'env.now' } };
      case '$today':
        return { js: '$substring(env.now, 0, 10)', str: true, pending: { kind: 'dt', path: '$substring(env.now, 0, 10)' } };
      case '$execution':
        this.expect('.');
        if (this.toks[this.i++]?.v !== 'id') throw new Untranslatable('$execution fields other than id');
        return { js: 'env.runId', str: true };
      case '$workflow':
        this.expect('.');
        if (this.toks[this.i++]?.v !== 'id') throw new Untranslatable('$workflow fields other than id');
        return { js: 'env.workflowId', str: true };
      case 'Math':
      case 'JSON': {
        this.expect('.');
        const name = `${t.v}.${this.toks[this.i++]?.v ?? ''}`;
        if (!GLOBAL_FNS[name]) throw new Untranslatable(`${name} is not translated`);
        return { js: '', pending: { kind: 'fn', name } };
      }
      default:
        if (GLOBAL_FNS[t.v]) return { js: '', pending: { kind: 'fn', name: t.v } };
        throw new Untranslatable(`${t.v} is not something Atom can translate`);
    }
  }

  private postfix(start: Emitted): Emitted {
    let e = start;
    for (;;) {
      if (this.peek('(') && e.pending?.kind === 'fn') {
        this.i++;
        const fn = GLOBAL_FNS[e.pending.name];
        const args = this.args();
        if (!fn) throw new Untranslatable(`${e.pending.name} is not translated`);
        e = { js: fn(args), str: e.pending.name === 'String' || e.pending.name === 'JSON.stringify' };
        continue;
      }
      if (this.take('.') || this.take('?.')) {
        const name = this.toks[this.i++];
        if (name?.t !== 'id') throw new Untranslatable('a property access that is not a name');
        e = this.member(e, name.v);
        continue;
      }
      if (this.take('[')) {
        const idx = this.toks[this.i];
        const base = this.value(e);
        if (idx?.t === 'str' && this.toks[this.i + 1]?.v === ']') {
          this.i += 2;
          e = { js: `${base}.${fieldStep(idx.v)}` };
          continue;
        }
        if (idx?.t === 'num' && this.toks[this.i + 1]?.v === ']') {
          this.i += 2;
          // `$items("X")[0].json` names an item of the node: the node's data itself in Atom.
          e = e.pending?.kind === 'node' ? e : { js: `${base}[${idx.v}]` };
          continue;
        }
        throw new Untranslatable('a computed index');
      }
      return e;
    }
  }

  private member(e: Emitted, name: string): Emitted {
    const p = e.pending;
    if (p?.kind === 'node') {
      if (name === 'json') return { js: p.path };
      if (name === 'item' || name === 'params') return name === 'item' ? e : (() => { throw new Untranslatable('node parameters are not translated'); })();
      if (['first', 'last', 'all'].includes(name)) {
        this.expect('(');
        this.expect(')');
        return name === 'all' ? { js: `[${p.path}]`, pending: { kind: 'node', path: `[${p.path}]` } } : e;
      }
      if (name === 'isExecuted') return { js: `$exists(${p.path})` };
      throw new Untranslatable(`.${name} of a node reference`);
    }
    if (p?.kind === 'dt') {
      if (!this.peek('(')) throw new Untranslatable(`$now.${name}`);
      const args = (this.i++, this.args());
      switch (name) {
        case 'toISO':
        case 'toString':
          return { js: p.path, str: true };
        case 'toISODate':
          return { js: `$substring(${p.path}, 0, 10)`, str: true };
        case 'toMillis':
          return { js: `$toMillis(${p.path})` };
        case 'toSeconds':
          return { js: `$floor($toMillis(${p.path}) / 1000)` };
        default:
          throw new Untranslatable(`the date method ${name}(${args.length ? '…' : ''})`);
      }
    }
    const base = this.value(e);
    if (name === 'length' && !this.peek('(')) return { js: `($type(${base}) = "array" ? $count(${base}) : $length(${base}))` };
    if (this.peek('(')) {
      const m = STRING_METHODS.get(name);
      if (!m) throw new Untranslatable(`the method .${name}()`);
      this.i++;
      const args = this.args();
      return { js: m(base, args), str: STRING_RESULT.has(name) };
    }
    return { js: `${base}.${fieldStep(name)}` };
  }
}

/** Translates one n8n JavaScript expression (the text between `{{` and `}}`). */
export function translateExpression(source: string, scope: ExpressionScope): Translation {
  try {
    if (source.length > 2000) throw new Untranslatable('it is over 2000 characters');
    const toks = tokenize(source);
    if (toks.length === 0) throw new Untranslatable('it is empty');
    return { ok: true, jsonata: new Parser(toks, scope).parse() };
  } catch (err) {
    if (err instanceof Untranslatable) return { ok: false, reason: `not translated: ${err.message}` };
    throw err;
  }
}

/** A part of an n8n parameter: literal text or an expression. */
type Segment = { text: string } | { expr: string };

function segments(template: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    if ((m.index ?? 0) > last) out.push({ text: template.slice(last, m.index) });
    out.push({ expr: m[1] ?? '' });
    last = (m.index ?? 0) + m[0].length;
  }
  if (last < template.length) out.push({ text: template.slice(last) });
  return out;
}

/** An n8n parameter value is an expression when it is a string starting with `=`. */
export const isN8nExpression = (v: unknown): boolean => typeof v === 'string' && v.startsWith('=');

export interface ValueTranslation {
  /** The value for an Atom field (templates `{{ }}` where n8n had expressions); undefined when refused. */
  value: unknown;
  /** Why some expression inside was not translated (the value then holds an inert marker). */
  problems: { expression: string; reason: string }[];
}

const marker = (expr: string) => `[n8n expression not translated: ${expr.replace(/[{}]/g, '').trim()}]`;

/**
 * An n8n parameter as an Atom field value: literals stay literal (text holding `{{` is wrapped in a
 * JSONata string so it stays text), `={{ x }}` becomes `{{ X }}` and keeps the result's type, and mixed
 * text keeps its text around each translated expression.
 */
export function translateValue(value: unknown, scope: ExpressionScope): ValueTranslation {
  const problems: ValueTranslation['problems'] = [];
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (!isN8nExpression(v)) return v.includes('{{') || v.includes('}}') ? `{{ ${jsonataString(v)} }}` : v;
      const parts = segments(v.slice(1));
      const out = parts.map((s) => {
        if ('text' in s) return s.text.includes('{{') || s.text.includes('}}') ? `{{ ${jsonataString(s.text)} }}` : s.text;
        const r = translateExpression(s.expr, scope);
        if (r.ok) return `{{ ${r.jsonata} }}`;
        problems.push({ expression: s.expr.trim(), reason: r.reason });
        return marker(s.expr);
      });
      return out.join('');
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value), problems };
}

/** An n8n parameter as a bare JSONata expression (conditions, transforms); undefined when refused. */
export function valueToJsonata(value: unknown, scope: ExpressionScope): { jsonata: string | undefined; problems: ValueTranslation['problems'] } {
  if (typeof value !== 'string' || !isN8nExpression(value)) {
    if (typeof value === 'string') return { jsonata: jsonataString(value), problems: [] };
    if (value === undefined) return { jsonata: '$undefined', problems: [] };
    return { jsonata: JSON.stringify(value), problems: [] };
  }
  const parts = segments(value.slice(1));
  const problems: ValueTranslation['problems'] = [];
  const js: string[] = [];
  for (const s of parts) {
    if ('text' in s) {
      if (s.text.trim() || parts.length > 1) js.push(jsonataString(s.text));
      continue;
    }
    const r = translateExpression(s.expr, scope);
    if (!r.ok) problems.push({ expression: s.expr.trim(), reason: r.reason });
    else js.push(parts.length === 1 ? r.jsonata : `$string(${r.jsonata})`);
  }
  if (problems.length > 0) return { jsonata: undefined, problems };
  if (js.length === 0) return { jsonata: '""', problems };
  return { jsonata: js.length === 1 ? (js[0] ?? '""') : `(${js.join(' & ')})`, problems };
}
