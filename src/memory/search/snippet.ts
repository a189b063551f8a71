import { wordsOf } from '../embed/index.js';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const stop: ReadonlySet<string> = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'in', 'is', 'it', 'of', 'on', 'or', 'the', 'to', 'what', 'with', 'how', 'which', 'who', 'why', 'when', 'where', 'do', 'does']);

/** Query words as match stems: a word matches when it starts with the stem (boundary ~ boundaries). */
export function queryStems(query: string): string[] {
  return [...new Set(wordsOf(query).filter((w) => !stop.has(w)).map((w) => (w.length > 5 ? w.slice(0, Math.max(4, w.length - 2)) : w)))];
}

/**
 * The most relevant window of a passage (the one holding the most query words), HTML-escaped, with the
 * matches wrapped in <mark>. Safe to insert as HTML: everything else is escaped.
 */
export function highlightSnippet(text: string, stems: string[], width = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const re = /[\p{L}\p{N}]+/gu;
  const matches: { start: number; end: number }[] = [];
  for (let m = re.exec(flat); m; m = re.exec(flat)) {
    const w = m[0].toLowerCase();
    if (stems.some((s) => w.startsWith(s))) matches.push({ start: m.index, end: m.index + m[0].length });
  }
  let from = 0;
  if (matches.length && flat.length > width) {
    let best = 0;
    let bestStart = matches[0]!.start;
    for (let i = 0; i < matches.length; i++) {
      let n = 0;
      for (let j = i; j < matches.length && matches[j]!.end - matches[i]!.start <= width; j++) n++;
      if (n > best) {
        best = n;
        bestStart = matches[i]!.start;
      }
    }
    from = Math.max(0, bestStart - 40);
    const space = flat.lastIndexOf(' ', from);
    if (from > 0 && space > from - 20) from = space + 1;
  }
  const to = Math.min(flat.length, from + width);
  let out = from > 0 ? '…' : '';
  let at = from;
  for (const m of matches) {
    if (m.start < from || m.end > to) continue;
    out += escapeHtml(flat.slice(at, m.start)) + '<mark>' + escapeHtml(flat.slice(m.start, m.end)) + '</mark>';
    at = m.end;
  }
  out += escapeHtml(flat.slice(at, to)) + (to < flat.length ? '…' : '');
  return out;
}
