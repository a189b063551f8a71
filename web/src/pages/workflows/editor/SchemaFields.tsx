import { Checkbox, Select, Stack, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { JsonSchema } from './editorApi';
import { ExpressionField } from './ExpressionField';

const typeOf = (s: JsonSchema): string => (Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? 'string') : (s.type ?? 'any'));

export interface SchemaFieldsProps {
  schema: JsonSchema;
  value: Record<string, unknown>;
  earlier: string[];
  readOnly: boolean;
  /** Validation messages by field path inside the input (e.g. `url`). */
  errors: Record<string, string>;
  onChange: (value: Record<string, unknown>) => void;
}

/**
 * A form for an action's input, built from its JSON Schema: text and numbers take `{{ }}` expressions,
 * enums are menus, booleans check boxes, anything else JSON.
 */
export function SchemaFields({ schema, value, earlier, readOnly, errors, onChange }: SchemaFieldsProps) {
  const props = Object.entries(schema.properties ?? {});
  const set = (key: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined || v === '') delete next[key];
    else next[key] = v;
    onChange(next);
  };
  return (
    <Stack gap="xs">
      {props.map(([key, s]) => {
        const label = `${key}${schema.required?.includes(key) ? ' (required)' : ''}`;
        const current = value[key];
        const type = typeOf(s);
        if (s.enum) {
          return <Select key={key} label={label} data={s.enum.map(String)} value={current === undefined ? null : String(current)} onChange={(v) => set(key, v ?? undefined)} readOnly={readOnly} error={errors[key]} clearable />;
        }
        if (type === 'boolean') {
          return <Checkbox key={key} label={label} checked={current === true} onChange={(e) => set(key, e.currentTarget.checked)} disabled={readOnly} error={errors[key]} />;
        }
        if (type === 'string' || type === 'number' || type === 'integer') {
          return (
            <ExpressionField
              key={key}
              label={label}
              mode="template"
              value={current === undefined ? '' : String(current)}
              earlier={earlier}
              readOnly={readOnly}
              error={errors[key]}
              onCommit={(text) => set(key, type !== 'string' && text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text)}
            />
          );
        }
        return <JsonField key={key} label={label} value={current} readOnly={readOnly} error={errors[key]} onCommit={(v) => set(key, v)} />;
      })}
    </Stack>
  );
}

/** A JSON value edited as text; committed when it parses. */
export function JsonField({ label, value, readOnly, error, onCommit }: { label: string; value: unknown; readOnly: boolean; error?: string | undefined; onCommit: (v: unknown) => void }) {
  const shown = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(shown);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setText(shown);
  }, [shown, focused]);
  let parseProblem: string | undefined;
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? undefined : JSON.parse(text);
  } catch (e) {
    parseProblem = `Not valid JSON: ${(e as Error).message}`;
  }
  return (
    <Textarea
      label={`${label} (JSON)`}
      value={text}
      readOnly={readOnly}
      autosize
      minRows={2}
      error={parseProblem ?? error}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      onFocus={() => setFocused(true)}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => {
        setFocused(false);
        if (!parseProblem && text !== shown) onCommit(parsed);
      }}
    />
  );
}
