/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3): either delay-seconds or an HTTP date (IMF-fixdate, or
 * the obsolete RFC 850 and asctime forms, which are GMT too). Returns milliseconds to wait (never
 * negative), or undefined when absent or unreadable. No npm package does this (checked); it is the one
 * parser every outbound caller uses.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (/^\d+\.\d+$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000); // lenient: some APIs send fractions
  // A date names its month; anything else ("-5", "soon") is not one, whatever Date.parse makes of it.
  if (!/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b/i.test(trimmed)) return undefined;
  const at = Date.parse(/\b(gmt|utc|z)$/i.test(trimmed) ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
