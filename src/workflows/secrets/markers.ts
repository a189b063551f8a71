import { randomBytes } from 'node:crypto';
import { nonRetryable } from '../actions/index.js';
import { expressionsIn, referencedSecrets } from '../definition/expressions.js';
import { secretRedactor } from './redaction.js';

/**
 * Secrets in expressions. While a step's input is rendered, `secrets.NAME` evaluates to a placeholder, so
 * the rendered input (journaled, shown on the timeline) names the secret but never holds it; the real
 * value replaces the placeholder only in the copy handed to the action, at call time.
 *
 * Only placeholders the step's own definition produced may resolve. Each render of an action's input
 * gets a fresh random nonce that lives only in this process for that one call: its placeholders are
 * `⟦secret:NAME~NONCE⟧`, and the journal shows them as `⟦secret:NAME⟧`. Text that merely looks like a
 * placeholder (a webhook body, an upstream step's output, a model's answer, a document) has no nonce, or
 * an old one, and reaches the action exactly as it arrived — whether or not a secret of that name exists.
 */
const NAME = '[A-Za-z_][A-Za-z0-9_]{0,63}';

/** How a secret is shown (journal, timeline) and what `secrets.NAME` is outside an action's input: inert text. */
export const secretMarker = (name: string) => `⟦secret:${name}⟧`;

/** The `secrets` object expressions see: each name they read, as `marker(name)`. */
export function secretScope(sources: string[], marker: (name: string) => string = secretMarker): Record<string, string> | undefined {
  let scope: Record<string, string> | undefined;
  for (const src of sources) {
    for (const name of referencedSecrets(src)) (scope ??= {})[name] = marker(name);
  }
  return scope;
}

async function mapStrings(value: unknown, fn: (s: string) => string | Promise<string>): Promise<unknown> {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return Promise.all(value.map((v) => mapStrings(v, fn)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await mapStrings(v, fn);
    return out;
  }
  return value;
}

/** The placeholders of one render of an action's input (see the module comment). */
export interface SecretPlaceholders {
  /** The `secrets` object for this render's expressions: each name they read, as a placeholder only this render fills. */
  scope(sources: string[]): Record<string, string> | undefined;
  /** The rendered value as it is journaled and shown: this render's placeholders as `⟦secret:NAME⟧`, the nonce gone. */
  shown<T>(value: T): Promise<T>;
  /**
   * The copy for the action: this render's placeholders replaced by their secrets, every other text left
   * as it is. A secret the definition names that is not set fails the step.
   */
  fill(value: unknown, resolve: (name: string) => Promise<string | undefined>): Promise<unknown>;
}

export function secretPlaceholders(): SecretPlaceholders {
  const nonce = randomBytes(18).toString('hex');
  const pattern = new RegExp(`⟦secret:(${NAME})~${nonce}⟧`, 'g');
  // Names this render's expressions read: a placeholder for any other name is not the definition's.
  const names = new Set<string>();
  return {
    scope(sources) {
      return secretScope(sources, (name) => {
        names.add(name);
        return `⟦secret:${name}~${nonce}⟧`;
      });
    },
    async shown<T>(value: T): Promise<T> {
      if (names.size === 0) return value;
      return (await mapStrings(value, (s) => (s.includes(nonce) ? s.replace(pattern, (_, name: string) => secretMarker(name)) : s))) as T;
    },
    async fill(value, resolve) {
      if (names.size === 0) return value;
      const values = new Map<string, string>();
      return mapStrings(value, async (s) => {
        if (!s.includes(nonce)) return s;
        for (const m of s.matchAll(pattern)) {
          const name = m[1] ?? '';
          if (!names.has(name) || values.has(name)) continue;
          const v = await resolve(name);
          if (v === undefined) throw nonRetryable('workflows.secret.missing', `Secret ${name} is not set in this workspace.`);
          values.set(name, v);
        }
        return s.replace(pattern, (_, name: string) => values.get(name) ?? secretMarker(name));
      });
    },
  };
}

/**
 * Secret names a step's definition itself names: read by its expressions, or written literally as
 * `bearerSecret`. An action may resolve only these by name, so run data can never choose a secret.
 */
export function definedSecretNames(raw: unknown): Set<string> {
  const names = new Set<string>();
  for (const { source } of expressionsIn(raw, '')) for (const name of referencedSecrets(source)) names.add(name);
  const bearer = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>)['bearerSecret'] : undefined;
  if (typeof bearer === 'string' && expressionsIn(bearer, '').length === 0) names.add(bearer);
  return names;
}

/**
 * Replaces every occurrence of the given secret values, and of their common encodings (`secretForms`),
 * before anything is journaled or logged (an echoing service, an error quoting the request). Values under
 * 4 characters are left alone: redacting them would mangle unrelated text and they protect nothing.
 */
export function redactSecrets<T>(value: T, secrets: ReadonlySet<string>): T {
  return secretRedactor(secrets).deep(value) as T;
}
