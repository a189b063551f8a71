/**
 * Keeps raw secrets away from the model: tool outputs pass through here before the model sees them.
 * Known secrets of the workspace are replaced wherever they appear, fields named like credentials are
 * blanked, and strings shaped like well-known key formats are masked.
 */
const secretField = /^(password|passwd|secret|client_?secret|api_?key|apikey|access_?token|refresh_?token|id_?token|token|authorization|private_?key|credentials?|cookie)$/i;

const keyShapes = [
  /\bsk-[A-Za-z0-9_-]{16,}\b/g, // OpenAI-style
  /\bsk-ant-[A-Za-z0-9_-]{16,}\b/g,
  /\bAIza[0-9A-Za-z_-]{30,}\b/g, // Google
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, // Slack
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

export const REDACTED = '[redacted]';

export function scrubText(text: string, known: readonly string[]): string {
  let out = text;
  for (const s of known) if (s.length >= 8) out = out.split(s).join(REDACTED);
  for (const re of keyShapes) out = out.replace(re, REDACTED);
  return out;
}

export function scrubSecrets<T>(value: T, known: readonly string[]): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubText(v, known);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, secretField.test(k) && x !== null && x !== undefined && x !== '' ? REDACTED : walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
