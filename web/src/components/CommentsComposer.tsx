import { Button, Group, Paper, Textarea, UnstyledButton, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { findMentionable, mentionIdsIn, mentionQueryAt, type Person } from './CommentsApi';

export interface ComposerProps {
  workflowId: string;
  label: string;
  submitLabel: string;
  initial?: { body: string; mentions: Person[] };
  busy?: boolean;
  onSubmit: (body: string, mentions: string[]) => void;
  onCancel?: () => void;
  extra?: ReactNode;
}

/** A comment box with @mention autocomplete over the workspace members who can read the workflow. */
export function CommentsComposer({ workflowId, label, submitLabel, initial, busy, onSubmit, onCancel, extra }: ComposerProps) {
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initial?.body ?? '');
  const [picked, setPicked] = useState<Person[]>(initial?.mentions ?? []);
  const [mention, setMention] = useState<{ start: number; query: string } | undefined>();
  const [active, setActive] = useState(0);
  const candidates = useQuery({ queryKey: ['mentionable', workflowId, mention?.query ?? ''], queryFn: () => findMentionable(workflowId, mention?.query ?? ''), enabled: mention !== undefined, staleTime: 30_000 });
  const options = mention ? (candidates.data?.items ?? []) : [];

  const track = (value: string, caret: number) => {
    setText(value);
    setMention(mentionQueryAt(value, caret));
    setActive(0);
  };
  const pick = (p: Person) => {
    if (!mention) return;
    const caret = mention.start + 1 + mention.query.length;
    const next = `${text.slice(0, mention.start)}@${p.name} ${text.slice(caret)}`;
    setText(next);
    setPicked((list) => (list.some((x) => x.id === p.id) ? list : [...list, { id: p.id, name: p.name }]));
    setMention(undefined);
    const at = mention.start + p.name.length + 2;
    requestAnimationFrame(() => ref.current?.setSelectionRange(at, at));
    ref.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (options.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      pick(options[active]!);
    } else if (e.key === 'Escape') {
      setMention(undefined);
    }
  };
  const submit = () => {
    if (!text.trim()) return;
    onSubmit(text.trim(), mentionIdsIn(text, picked));
    if (!initial) {
      setText('');
      setPicked([]);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Textarea
        ref={ref}
        label={label}
        description="Type @ to mention someone"
        autosize
        minRows={2}
        maxLength={10_000}
        value={text}
        onChange={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        aria-autocomplete="list"
        aria-controls={options.length > 0 ? listId : undefined}
        aria-activedescendant={options.length > 0 ? `${listId}-${active}` : undefined}
      />
      {options.length > 0 && (
        <Paper withBorder shadow="sm" p={4} mt={4} role="listbox" id={listId} aria-label="People to mention" data-testid="mention-options">
          {options.map((o, i) => (
            <UnstyledButton
              key={o.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              tabIndex={-1}
              display="block"
              w="100%"
              p={6}
              bg={i === active ? 'var(--mantine-color-default-hover)' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(o)}
            >
              <Text size="sm">
                {o.name} <Text span size="xs" c="dimmed">{o.email}</Text>
              </Text>
            </UnstyledButton>
          ))}
        </Paper>
      )}
      <Group mt="xs" gap="xs">
        {extra}
        <Button type="submit" size="xs" loading={busy} disabled={!text.trim()}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button size="xs" variant="subtle" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </Group>
    </form>
  );
}
