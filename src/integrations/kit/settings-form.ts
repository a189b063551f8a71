import { z } from 'zod';
import type { SettingsField } from '../../shared/integrations.js';

/** One field of a server connection's form, as the web app draws it (generated from the service's settings schema). */
export { settingsFieldSchema, type SettingsField } from '../../shared/integrations.js';

const secretName = /password|passphrase|secret|token|privateKey/i;
const words: Record<string, string> = { smtp: 'SMTP', imap: 'IMAP', tls: 'TLS', db: 'Database number', sha256: 'SHA-256', ssl: 'SSL' };

/** `smtpHost` → `SMTP host`, `hostKeySha256` → `Host key SHA-256`, `db` → `Database number`. */
export function settingsLabel(name: string): string {
  const parts = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').split(' ');
  const text = parts.map((p, i) => words[p.toLowerCase()] ?? (i === 0 ? p.charAt(0).toUpperCase() + p.slice(1) : p.toLowerCase())).join(' ');
  return text;
}

interface JsonProp {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonProp[];
}

/**
 * The connect form of a declared server service, from its zod settings: field kind (masked for passwords and
 * keys), label, whether it must be filled, its default and choices. The API validates the same schema, so a
 * field error it returns (`body.credentials.settings.<name>`) lands on the field drawn here.
 */
export function settingsForm(settings: z.ZodObject): SettingsField[] {
  const js = z.toJSONSchema(settings, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonProp>; required?: string[] };
  const required = new Set(js.required ?? []);
  return Object.entries(js.properties ?? {}).map(([name, raw]) => {
    // Coerced numbers read as `anyOf`/no type in input mode: the first typed branch says what it is.
    const p = raw.type || raw.enum ? raw : (raw.anyOf?.find((b) => b.type || b.enum) ?? raw);
    const type = Array.isArray(p.type) ? p.type[0] : p.type;
    const kind: SettingsField['kind'] = p.enum
      ? 'select'
      : type === 'boolean'
        ? 'boolean'
        : type === 'number' || type === 'integer' || /port$|^db$/i.test(name)
          ? 'number'
          : secretName.test(name)
            ? (p.maxLength ?? 0) > 4096
              ? 'secret_text'
              : 'password'
            : 'text';
    const dflt = raw.default ?? p.default;
    return {
      name,
      label: settingsLabel(name),
      kind,
      required: required.has(name) && dflt === undefined,
      ...(typeof dflt === 'string' || typeof dflt === 'number' || typeof dflt === 'boolean' ? { default: dflt } : {}),
      ...(p.enum ? { options: p.enum.map(String) } : {}),
      ...(typeof p.minimum === 'number' ? { min: p.minimum } : {}),
      ...(typeof p.maximum === 'number' ? { max: p.maximum } : {}),
    };
  });
}
