/**
 * Web addresses in a request. The offline planner splits sentences on `.`, `,` and `;` and reads words such
 * as "and" or "#channel"; inside a URL those are part of the address, so URLs are masked before planning.
 */

const candidate = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const trailing = /[.,;:!?'"’”)\]}>]$/;

/** Drops sentence punctuation after a URL; a closing bracket stays when the URL opened it ("wiki/Foo_(bar)"). */
function trimUrl(raw: string): string {
  let url = raw;
  while (trailing.test(url)) {
    const last = url.at(-1)!;
    const open = { ')': '(', ']': '[', '}': '{' }[last];
    if (open && url.split(open).length - 1 >= url.split(last).length - 1) break;
    url = url.slice(0, -1);
  }
  return url;
}

/** The URLs in a text, each with its offset, without trailing sentence punctuation. */
export function findUrls(text: string): { url: string; at: number }[] {
  const found: { url: string; at: number }[] = [];
  for (const m of text.matchAll(candidate)) {
    const url = trimUrl(m[0]);
    if (/^https?:\/\/[^/?#]+/i.test(url)) found.push({ url, at: m.index });
  }
  return found;
}

/** The first URL in a text (sentence punctuation after it excluded). */
export const firstUrl = (text: string): string | undefined => findUrls(text)[0]?.url;

// Private-use characters: never typed, not `\w`, not punctuation the planner splits on.
const fillerBase = 0xe000;

/**
 * Replaces each URL with a token of the same length (so offsets stay valid) that keeps the scheme and
 * holds no dots, commas, `#` or words; `unmask` puts the URLs back in any string.
 */
export function maskUrls(text: string): { masked: string; unmask: (s: string) => string } {
  const tokens: [string, string][] = [];
  let masked = text;
  findUrls(text).forEach(({ url, at }, i) => {
    const scheme = url.slice(0, url.indexOf('://') + 3);
    const token = scheme + String.fromCharCode(fillerBase + (i % 6000)).repeat(url.length - scheme.length);
    tokens.push([token, url]);
    masked = masked.slice(0, at) + token + masked.slice(at + url.length);
  });
  const unmask = (s: string) => tokens.reduce((acc, [token, url]) => acc.split(token).join(url), s);
  return { masked, unmask };
}

/** `unmask` applied to every string in a JSON-like value. */
export function unmaskDeep<T>(value: T, unmask: (s: string) => string): T {
  if (typeof value === 'string') return unmask(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => unmaskDeep(v, unmask)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unmaskDeep(v, unmask)])) as T;
  }
  return value;
}
