import { nonRetryable } from '../actions/index.js';
import { referencedSecrets } from '../definition/expressions.js';
import { secretRedactor } from './redaction.js';

/**
 * Secrets in expressions: while a step's input is rendered, `secrets.NAME` evaluates to a marker, so the
 * rendered input (journaled, shown on the timeline) names the secret but never holds it. The real value
 * replaces the marker only in the copy handed to the action, at call time.
 */
const markerPattern = /⟦secret:([A-Za-z_][A-Za-z0-9_]{0,63})⟧/g;
export const secretMarker = (name: string) => `⟦secret:${name}⟧`;

/** The `secrets` object expressions see: each name they read, as its marker. */
export function secretScope(sources: string[]): Record<string, string> | undefined {
  let scope: Record<string, string> | undefined;
  for (const src of sources) {
    for (const name of referencedSecrets(src)) (scope ??= {})[name] = secretMarker(name);
  }
  return scope;
}

export const hasSecretMarker = (value: unknown): boolean => {
  if (typeof value === 'string') return value.includes('⟦secret:');
  if (Array.isArray(value)) return value.some(hasSecretMarker);
  if (value && typeof value === 'object') return Object.values(value).some(hasSecretMarker);
  return false;
};

/** A copy of `value` with every marker replaced by the secret; a secret that is not set fails the step. */
export async function fillSecrets(value: unknown, resolve: (name: string) => Promise<string | undefined>): Promise<unknown> {
  if (typeof value === 'string') {
    if (!value.includes('⟦secret:')) return value;
    const names = [...new Set([...value.matchAll(markerPattern)].map((m) => m[1] ?? ''))];
    const values = new Map<string, string>();
    for (const name of names) {
      const v = await resolve(name);
      if (v === undefined) throw nonRetryable('workflows.secret.missing', `Secret ${name} is not set in this workspace.`);
      values.set(name, v);
    }
    return value.replace(markerPattern, (_, name: string) => values.get(name) ?? '');
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => fillSecrets(v, resolve)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await fillSecrets(v, resolve);
    return out;
  }
  return value;
}

/**
 * Replaces every occurrence of the given secret values, and of their common encodings (`secretForms`),
 * before anything is journaled or logged (an echoing service, an error quoting the request). Values under
 * 4 characters are left alone: redacting them would mangle unrelated text and they protect nothing.
 */
export function redactSecrets<T>(value: T, secrets: ReadonlySet<string>): T {
  return secretRedactor(secrets).deep(value) as T;
}
