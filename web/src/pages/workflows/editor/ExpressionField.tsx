import { Code, Popover, Stack, Text, Textarea, TextInput, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { useEffect, useId, useState } from 'react';
import { parseError, templateError } from './expressions';

export interface ExpressionFieldProps {
  label: string;
  value: string;
  /** `bare`: the whole value is JSONata (conditions, loop items); `template`: text with `{{ }}` parts. */
  mode: 'bare' | 'template';
  /** Step ids an expression here may read (the steps that run before this one). */
  earlier: string[];
  onCommit: (value: string) => void;
  error?: string | undefined;
  readOnly?: boolean;
  multiline?: boolean;
}

/**
 * A field that holds a JSONata expression (or text with `{{ }}` expressions): it parses as you type and
 * shows the error at once; the help lists the names an expression can read here.
 */
export function ExpressionField({ label, value, mode, earlier, onCommit, error, readOnly, multiline }: ExpressionFieldProps) {
  const [text, setText] = useState(value);
  const [helpOpen, setHelpOpen] = useState(false);
  const helpId = useId();
  // Someone else's edit arrives: show it unless this field is being typed in.
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setText(value);
  }, [value, focused]);
  const liveError = mode === 'bare' ? parseError(text) : templateError(text);
  const shown = liveError ? `Does not parse: ${liveError}` : error;
  const commit = () => {
    setFocused(false);
    if (text !== value) onCommit(text);
  };
  const props = {
    label,
    value: text,
    readOnly,
    error: shown,
    'aria-describedby': helpId,
    onFocus: () => setFocused(true),
    onChange: (e: { currentTarget: { value: string } }) => setText(e.currentTarget.value),
    onBlur: commit,
    // The typed text keeps the text colour when invalid: Mantine's red on white is under AA for body text.
    styles: { input: { fontFamily: 'var(--mantine-font-family-monospace)', color: 'var(--mantine-color-text)' } },
  };
  return (
    <Stack gap={2}>
      {multiline ? <Textarea {...props} autosize minRows={2} /> : <TextInput {...props} onKeyDown={(e) => e.key === 'Enter' && commit()} />}
      <Popover opened={helpOpen} onChange={setHelpOpen} width={320} position="bottom-start" withArrow>
        <Popover.Target>
          <UnstyledButton id={helpId} onClick={() => setHelpOpen((o) => !o)} style={{ fontSize: 'var(--mantine-font-size-xs)', textDecoration: 'underline' }}>
            {mode === 'bare' ? 'JSONata expression' : 'Text; put JSONata between {{ and }}'} — help
          </UnstyledButton>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap={4}>
            <Text size="sm">
              {mode === 'bare' ? (
                <>The whole field is a JSONata expression, e.g. <Code>steps.fetch.status = 200</Code>.</>
              ) : (
                <>Write text and put expressions between <Code>{'{{'}</Code> and <Code>{'}}'}</Code>, e.g. <Code>{'Hello {{ trigger.name }}'}</Code>. A value that is one expression keeps its type.</>
              )}
            </Text>
            <Text size="sm" fw={600}>Names you can use here</Text>
            <Text size="sm"><Code>trigger</Code> — the data the run started with</Text>
            <Text size="sm"><Code>vars</Code> — variables set by earlier “set” steps</Text>
            <Text size="sm"><Code>env</Code> — <Code>env.now</Code>, the run id and workflow id</Text>
            <Text size="sm"><Code>item</Code>, <Code>index</Code> — inside a for-each</Text>
            <Text size="sm">
              <Code>steps.&lt;id&gt;</Code> — output of an earlier step:{' '}
              {earlier.length ? earlier.map((id) => <Code key={id}>{`steps.${id}`}</Code>).reduce<ReactNode[]>((acc, c, i) => (i ? [...acc, ' ', c] : [c]), []) : 'none yet'}
            </Text>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Stack>
  );
}
