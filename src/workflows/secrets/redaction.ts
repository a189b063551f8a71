import { pino } from 'pino';
import type { Logger } from '../../platform/index.js';

/** What a secret, in any of the forms below, is replaced with. */
export const REDACTED = '[redacted]';

/** Raw values under this length are left alone: redacting them would mangle unrelated text and protects nothing. */
const MIN_SECRET = 4;
/** Encoded forms (and base64 fragments) shorter than this could match ordinary text by chance. */
const MIN_ENCODED = 8;
/** Deeper than this a logged value is cut: a walk must end even on pathological objects. */
const MAX_DEPTH = 24;

const base64url = (b64: string) => b64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

/**
 * The ways a secret shows up in text besides itself: base64 and base64url (on its own, as in a
 * `Basic` header, and as the part that stays the same wherever it sits inside a longer encoded
 * string), URL-encoded (path/query and form style) and JSON-escaped. `Bearer <value>` contains the
 * value itself, so it comes out as `Bearer [redacted]`.
 */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET) return [];
  const forms = new Set<string>([secret]);
  const bytes = Buffer.from(secret, 'utf8');
  const whole = bytes.toString('base64');
  forms.add(whole).add(whole.replace(/=+$/, '')).add(base64url(whole));
  // Inside a longer base64 string only whole 3-byte groups encode the same way; which groups those are
  // depends on the secret's offset (mod 3), so take each of the three alignments.
  for (let shift = 0; shift < 3; shift++) {
    const groups = Math.floor((bytes.length - shift) / 3);
    if (groups <= 0) continue;
    const fragment = bytes.subarray(shift, shift + groups * 3).toString('base64');
    forms.add(fragment).add(base64url(fragment));
  }
  const uri = encodeURIComponent(secret);
  forms.add(uri).add(uri.replaceAll('%20', '+')).add(JSON.stringify(secret).slice(1, -1));
  return [...forms].filter((f) => f === secret || f.length >= MIN_ENCODED);
}

export interface SecretRedactor {
  /** False while no secret worth redacting is known (then nothing is copied). */
  readonly active: boolean;
  text(value: string): string;
  /**
   * A copy of `value` with every string redacted, deep: arrays, plain objects, errors (message, stack,
   * cause and own fields, as pino's error serializer lays them out) and anything with `toJSON` (URLs).
   * Cycles become `[Circular]`.
   */
  deep(value: unknown): unknown;
}

/**
 * Redacts the values in `secrets` and their encodings. The set may grow after the redactor is made (an
 * action resolving a secret by name mid-call); the patterns are rebuilt when it has.
 */
export function secretRedactor(secrets: ReadonlySet<string>): SecretRedactor {
  let size = -1;
  let forms: string[] = [];
  const current = () => {
    if (secrets.size !== size) {
      size = secrets.size;
      // Longest first, so a secret that contains another is replaced whole.
      forms = [...new Set([...secrets].flatMap(secretForms))].sort((a, b) => b.length - a.length);
    }
    return forms;
  };
  const text = (value: string) => {
    let out = value;
    for (const f of current()) if (out.includes(f)) out = out.split(f).join(REDACTED);
    return out;
  };
  const deep = (value: unknown): unknown => {
    if (current().length === 0) return value;
    const seen = new WeakSet<object>();
    const visit = (v: unknown, depth: number): unknown => {
      if (typeof v === 'string') return text(v);
      if (v === null || typeof v !== 'object') return v;
      if (seen.has(v)) return '[Circular]';
      if (depth > MAX_DEPTH) return '[Truncated]';
      seen.add(v);
      try {
        if (Array.isArray(v)) return v.map((x) => visit(x, depth + 1));
        if (v instanceof Error) return visit({ ...pino.stdSerializers.err(v) }, depth);
        const json = (v as { toJSON?: unknown }).toJSON;
        if (typeof json === 'function') return visit((json as () => unknown).call(v), depth + 1);
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = visit(x, depth + 1);
        return out;
      } finally {
        seen.delete(v);
      }
    };
    return visit(value, 0);
  };
  return {
    get active() {
      return current().length > 0;
    },
    text,
    deep,
  };
}

/**
 * A child of `logger` that redacts `secrets` (see `secretRedactor`) from the message and from every
 * string in the logged object, deep, before pino writes the line; children it makes (and their
 * bindings) are redacted the same way. Built from pino's own child options (`formatters.log` for the
 * object, serializers for the message and `err`), so levels, the root's redact paths and the destination
 * stay as they are.
 */
export function redactingLogger(logger: Logger, secrets: ReadonlySet<string>, bindings: Record<string, unknown> = {}): Logger {
  const redactor = secretRedactor(secrets);
  const errKey = 'err';
  const serializers = {
    msg: (m: unknown) => (typeof m === 'string' ? redactor.text(m) : redactor.deep(m)),
    // The message may be taken from a logged error (`logger.error(err)`), after the serializer above.
    [errKey]: (e: unknown) => redactor.deep(e instanceof Error ? { ...pino.stdSerializers.err(e) } : e),
  };
  // `err` is left to its serializer above, so it keeps pino's error layout.
  const log = (obj: object): object => {
    if (!redactor.active) return obj;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = k === errKey ? v : redactor.deep(v);
    return out;
  };
  type ChildOptions = pino.ChildLoggerOptions;
  // Options a caller passes to a further child must not drop the redaction: theirs run first, then ours.
  const keep = (options: ChildOptions = {}): ChildOptions => {
    const theirs = options.serializers ?? {};
    const theirLog = options.formatters?.log;
    return {
      ...options,
      serializers: {
        ...theirs,
        msg: (m: unknown) => serializers.msg(theirs['msg'] ? theirs['msg'](m) : m),
        [errKey]: (e: unknown) => serializers[errKey](theirs[errKey] ? theirs[errKey](e) : e),
      },
      formatters: { ...options.formatters, log: (o: object) => log(theirLog ? theirLog(o) : o) },
    };
  };
  const pinoChild: (this: Logger, bindings: pino.Bindings, options?: ChildOptions) => Logger = logger.child;
  // Bindings are written once, when a child is made, so they are redacted then (for its children too).
  const redactChildren = (made: Logger): Logger => {
    const redactedChild = (b: pino.Bindings, options?: ChildOptions) => redactChildren(pinoChild.call(made, redactor.deep(b) as pino.Bindings, keep(options)));
    Object.defineProperty(made, 'child', { value: redactedChild, writable: true, configurable: true });
    return made;
  };
  return redactChildren(pinoChild.call(logger, redactor.deep(bindings) as pino.Bindings, keep()));
}
