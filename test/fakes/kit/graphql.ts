/**
 * Just enough GraphQL reading for fakes of GraphQL APIs (Linear, monday.com): the operation type and the root
 * fields it selects, with their aliases. Arguments travel as variables (Atom never inlines values), so a fake
 * answers each root field from `variables`; an operation it cannot read is a GraphQL validation error.
 */
export interface RootField {
  alias: string;
  name: string;
  /** The raw argument text, e.g. `(id: $id)`, for fakes that check which variables are bound. */
  args: string;
}

export function readOperation(query: string): { type: 'query' | 'mutation'; fields: RootField[] } | undefined {
  const text = query.replace(/#[^\n]*/g, '');
  const open = text.indexOf('{');
  if (open < 0) return undefined;
  const head = text.slice(0, open).trim();
  const type = /^mutation\b/.test(head) ? 'mutation' : /^(query\b|$)/.test(head) ? 'query' : undefined;
  if (!type) return undefined;
  const fields: RootField[] = [];
  let depth = 0;
  let i = open + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && /[A-Za-z_]/.test(c)) {
      const m = /^([A-Za-z_]\w*)\s*(?::\s*([A-Za-z_]\w*))?\s*(\([^)]*\))?/.exec(text.slice(i));
      if (!m) return undefined;
      fields.push({ alias: m[1]!, name: m[2] ?? m[1]!, args: m[3] ?? '' });
      i += m[0].length;
      continue;
    }
    i++;
  }
  return fields.length ? { type, fields } : undefined;
}
