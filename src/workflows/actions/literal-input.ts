import type { AnyActionDefinition } from './types.js';

/**
 * A step's input split into the fields its action takes literally (`literalInput`, e.g. a code step's
 * `code`) and the rest, which is rendered and checked for expressions as usual.
 *
 * @example
 * const { literal, rest } = splitLiteralInput(codeAction, { code: 'return "{{ x }}"', input: '{{ trigger }}' });
 * // literal: { code: 'return "{{ x }}"' }, rest: { input: '{{ trigger }}' }
 */
export function splitLiteralInput(action: Pick<AnyActionDefinition, 'literalInput'> | undefined, input: Record<string, unknown>): { literal: Record<string, unknown>; rest: Record<string, unknown> } {
  const fields = action?.literalInput;
  if (!fields?.length) return { literal: {}, rest: input };
  const literal: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) (fields.includes(k) ? literal : rest)[k] = v;
  return { literal, rest };
}
