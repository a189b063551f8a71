import fc from 'fast-check';

/** The subset of JSON Schema (OpenAPI 3.1) that zod's JSON Schema output uses. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
}

export type Resolve = (ref: string) => JsonSchema | undefined;

/**
 * Values that hit the edges parsers and validators get wrong: lone surrogates, bidi overrides, NUL, huge
 * and odd numbers, prototype keys, path traversal, SQL/JSONata/template metacharacters.
 */
export const hostileStrings: string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDBFFy',
  '\u202Eevil\u202C',
  '\u200F\u05E9\u05DC\u05D5\u05DD',
  '\uFEFF',
  '\uFFFF',
  '🧨'.repeat(50),
  'e\u0301\u0301\u0301\u0301',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '{{ $eval("1") }}',
  '$$.constructor',
  '<script>alert(1)</script>',
  '${7*7}',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  'null',
  'true',
  '[]',
  '{}',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  'a'.repeat(10_000),
];

export const hostileNumbers: number[] = [0, -1, -0, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 53) - 1, 1e308, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER];

/** An own property named `key` (an object literal would set the prototype instead for `__proto__`). */
export function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

const pollution = (): Record<string, unknown>[] => [
  withOwnKey({}, '__proto__', { polluted: 'yes', isAdmin: true }),
  withOwnKey({}, 'constructor', { prototype: { polluted: 'yes' } }),
  withOwnKey({}, 'prototype', { polluted: 'yes' }),
];

export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...hostileStrings) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  );

/** Any JSON-ish value of the wrong kind, including pollution objects and odd numbers. */
export const hostileValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    hostileString(),
    fc.constantFrom<unknown>(...hostileNumbers, true, false, null, [], {}, [null], [[[]]]),
    fc.constantFrom(...pollution()),
    fc.integer(),
    fc.double(),
    fc.array(fc.constantFrom<unknown>('x', 1, null, {}), { maxLength: 4 }),
  );

function formatString(format: string | undefined): fc.Arbitrary<string> | undefined {
  switch (format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'uri':
    case 'url':
      return fc.webUrl();
    default:
      return undefined;
  }
}

/**
 * Values that mostly match the schema (so requests get past validation into the handlers), with a share
 * of hostile values swapped in at every level (so validators and handlers see the edges too).
 */
export function arbitraryFor(schema: JsonSchema | undefined, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  const valid = validFor(schema, resolve, depth);
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: hostileValue() });
}

function validFor(schema: JsonSchema | undefined, resolve: Resolve, depth: number): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  if (schema.$ref) return validFor(resolve(schema.$ref), resolve, depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, resolve, depth + 1)));
  if (schema.allOf && schema.allOf.length > 0) return validFor(schema.allOf[0], resolve, depth + 1);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => validFor({ ...schema, type }, resolve, depth)));
  switch (types[0]) {
    case 'string': {
      const byFormat = formatString(schema.format);
      if (byFormat) return byFormat;
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 30, 60));
      return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }));
    }
    case 'integer': {
      const min = Math.max(schema.minimum ?? -1000, Number.MIN_SAFE_INTEGER);
      const max = Math.min(schema.maximum ?? 100_000, Number.MAX_SAFE_INTEGER);
      return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = arbitraryFor(schema.items, resolve, depth + 1);
      return fc.array(item, { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 6)) });
    }
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(props)) model[key] = arbitraryFor(value, resolve, depth + 1);
      const requiredKeys = Object.keys(props).filter((k) => required.has(k));
      const base = fc.record(model, { requiredKeys });
      return base;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A JSON text nested `depth` levels deep (arrays or objects). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** encodeURIComponent, except that lone surrogates become an invalid UTF-8 sequence instead of throwing. */
export function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value
      .split('')
      .map((ch) => {
        const code = ch.charCodeAt(0);
        return code >= 0xd800 && code <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(ch);
      })
      .join('');
  }
}
