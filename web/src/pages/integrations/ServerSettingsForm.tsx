import { Alert, Button, Checkbox, NativeSelect, NumberInput, PasswordInput, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/api';
import type { SettingsField } from './integrationsApi';

type Value = string | number | boolean;

/** The initial value of each field: its default, else empty (a checkbox unticked). */
const initial = (fields: SettingsField[]) => Object.fromEntries(fields.map((f) => [f.name, f.default ?? (f.kind === 'boolean' ? false : '')])) as Record<string, Value>;

/**
 * The connect form of a server service (database, mail, SFTP), drawn from the fields the API derives from the
 * service's settings schema: passwords and keys masked, defaults filled in, and each field error of the API
 * (`body.credentials.settings.<name>`) shown at its field.
 */
export function ServerSettingsForm({ fields, hint, pending, error, onSubmit }: { fields: SettingsField[]; hint: string; pending: boolean; error: Error | null; onSubmit: (settings: Record<string, Value>) => void }) {
  const [values, setValues] = useState(() => initial(fields));
  const set = (name: string, v: Value) => setValues((old) => ({ ...old, [name]: v }));
  const fieldErrors = error instanceof ApiError ? error.fields : [];
  const errorOf = (name: string) => fieldErrors.find((e) => e.field === `body.credentials.settings.${name}`)?.message;
  const unplaced = fieldErrors.filter((e) => !fields.some((f) => e.field === `body.credentials.settings.${f.name}`));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Empty optional fields are left out, so the server applies its own default.
    const settings = Object.fromEntries(Object.entries(values).filter(([name, v]) => v !== '' || fields.find((f) => f.name === name)?.required));
    onSubmit(settings);
  };

  return (
    <form onSubmit={submit} data-testid="server-settings-form" noValidate>
      <Stack>
        <Text size="sm">{hint}</Text>
        {fields.map((f) => {
          const common = { label: f.label, required: f.required, error: errorOf(f.name), name: f.name };
          const text = String(values[f.name] ?? '');
          switch (f.kind) {
            case 'password':
              return <PasswordInput key={f.name} {...common} autoComplete="new-password" value={text} onChange={(e) => set(f.name, e.currentTarget.value)} />;
            case 'secret_text':
              // Several lines (a private key), masked like a password field while it is typed or pasted.
              return <Textarea key={f.name} {...common} autosize minRows={3} maxRows={8} autoComplete="off" spellCheck={false} styles={{ input: { WebkitTextSecurity: 'disc', fontFamily: 'monospace' } as Record<string, string> }} value={text} onChange={(e) => set(f.name, e.currentTarget.value)} />;
            case 'number':
              return <NumberInput key={f.name} {...common} allowDecimal={false} {...(f.min !== undefined ? { min: f.min } : {})} {...(f.max !== undefined ? { max: f.max } : {})} value={values[f.name] === '' ? '' : Number(values[f.name])} onChange={(v) => set(f.name, v === '' ? '' : Number(v))} />;
            case 'boolean':
              return <Checkbox key={f.name} label={f.label} name={f.name} error={errorOf(f.name)} checked={values[f.name] === true} onChange={(e) => set(f.name, e.currentTarget.checked)} />;
            case 'select':
              return <NativeSelect key={f.name} {...common} data={f.options ?? []} value={text} onChange={(e) => set(f.name, e.currentTarget.value)} />;
            default:
              return <TextInput key={f.name} {...common} value={text} onChange={(e) => set(f.name, e.currentTarget.value)} />;
          }
        })}
        {error && (!(error instanceof ApiError) || fieldErrors.length === 0 || unplaced.length > 0) && (
          <Alert color="red" data-testid="server-settings-error">
            {error.message}
          </Alert>
        )}
        <Button type="submit" loading={pending}>
          Connect
        </Button>
      </Stack>
    </form>
  );
}
