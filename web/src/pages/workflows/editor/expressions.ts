import jsonata from 'jsonata';

const templatePattern = /\{\{([\s\S]+?)\}\}/g;

/** True when a field value embeds an expression (`{{ expr }}`). */
export const hasTemplate = (value: string) => /\{\{[\s\S]+?\}\}/.test(value);

/** The parse error of a bare JSONata expression, or undefined when it parses. */
export function parseError(source: string): string | undefined {
  if (source.trim() === '') return undefined;
  try {
    jsonata(source);
    return undefined;
  } catch (err) {
    const e = err as { message?: string; position?: number };
    return `${e.message ?? String(err)}${e.position !== undefined ? ` (at character ${e.position})` : ''}`;
  }
}

/** The first parse error among the `{{ }}` parts of a field value. */
export function templateError(value: string): string | undefined {
  const opens = (value.match(/\{\{/g) ?? []).length;
  const closes = (value.match(/\}\}/g) ?? []).length;
  if (opens !== closes) return 'Every {{ needs a matching }}.';
  for (const m of value.matchAll(templatePattern)) {
    const error = parseError(m[1] ?? '');
    if (error) return `In {{${m[1]}}}: ${error}`;
  }
  return undefined;
}
