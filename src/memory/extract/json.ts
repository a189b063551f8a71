import { ExtractionError, type Block, type ExtractedDocument } from './types.js';

/**
 * JSON: flattened to `path: value` lines so keys are searchable next to their values; large arrays are
 * split into blocks so each chunk keeps whole records.
 */
export function extractJson(text: string): ExtractedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ExtractionError('memory.extract.corrupt', 'The JSON is not valid.', { cause: err });
  }
  const lines: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (v === null || typeof v !== 'object') {
      lines.push(`${at || '(root)'}: ${String(v)}`);
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
  };
  walk(value, '');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i += 50) blocks.push({ kind: 'paragraph', text: lines.slice(i, i + 50).join('\n') });
  const title = value && typeof value === 'object' && !Array.isArray(value) ? ((value as Record<string, unknown>)['title'] as string | undefined) : undefined;
  return { title: typeof title === 'string' ? title : undefined, blocks, meta: { lines: lines.length } };
}
