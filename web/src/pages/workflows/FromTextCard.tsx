import { Alert, Button, Card, Group, List, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { WorkflowDraft as Draft } from '../../../../src/shared/planner';
import { api } from '../../lib/api';
import { inAppLinks } from '../../components/InAppText';

const timezone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The request with the person's answers, kept in the same sentence so the planner reads them with it. */
const withAnswers = (text: string, answers: string[]) => {
  const given = answers.map((a) => a.trim()).filter(Boolean);
  return given.length ? `${text.trim().replace(/[.\s]+$/, '')} (${given.join(' / ')})` : text;
};

/**
 * "Describe it": a plain-language request becomes a draft workflow (the model planner when a key is set
 * up, else the offline planner). A clean draft is saved inactive and opened for review; when the planner
 * has questions (or says a trigger or action does not exist) nothing is saved until the person answers
 * them or chooses to save the draft as it is.
 */
export function FromTextCard() {
  const [text, setText] = useState('');
  const [answers, setAnswers] = useState<string[]>([]);
  const navigate = useNavigate();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (d: Draft) => api<{ id: string }>('/api/workflows', { method: 'POST', body: { name: d.name.slice(0, 200), description: d.summary.slice(0, 2000), definition: d.definition, message: 'Drafted from text' } }),
    onSuccess: (w) => {
      void client.invalidateQueries({ queryKey: ['workflows'] });
      void navigate(`/workflows/w/${w.id}`);
    },
  });
  const draft = useMutation({
    mutationFn: (request: string) => api<Draft>('/api/workflows/from-text', { method: 'POST', body: { text: request, save: false, timezone: timezone() } }),
    onSuccess: (d) => {
      setAnswers(d.questions.map(() => ''));
      if (d.status === 'draft' && d.definition) save.mutate(d);
    },
  });
  const d = draft.data;
  const open = d && d.status !== 'draft';
  return (
    <Card withBorder data-testid="from-text">
      <Title order={2} size="h4" mb="xs">
        Describe a workflow
      </Title>
      <Textarea
        label="What should happen?"
        placeholder="Every weekday at 9am summarise new files in the Finance folder and post it to #finance"
        autosize
        minRows={2}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <Group mt="sm">
        <Button onClick={() => draft.mutate(text)} loading={draft.isPending || save.isPending} disabled={text.trim().length < 3}>
          Draft workflow
        </Button>
      </Group>
      {(draft.error ?? save.error) && (
        <Alert color="red" mt="sm">
          {inAppLinks(((draft.error ?? save.error) as Error).message)}
        </Alert>
      )}
      {open && (
        <Alert
          color="yellow"
          mt="sm"
          // The yellow label on its light background is below WCAG contrast; the body text colour passes.
          styles={{ title: { color: 'var(--mantine-color-text)' } }}
          title={d.status === 'unsupported' ? 'Atom cannot do that yet' : 'A few questions first'} data-testid="from-text-questions">
          <Text size="sm">{d.summary}</Text>
          {d.notes.length > 0 && (
            <List size="sm" mt="xs" aria-label="What the draft assumes">
              {d.notes.map((n) => (
                <List.Item key={n}>{n}</List.Item>
              ))}
            </List>
          )}
          <Stack gap="xs" mt="sm">
            {d.questions.map((q, i) => (
              <TextInput
                key={q}
                label={q}
                value={answers[i] ?? ''}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setAnswers((a) => a.map((x, j) => (j === i ? value : x)));
                }}
              />
            ))}
            {d.unmapped.map((u) => (
              <Text key={u} size="sm">
                Not understood: {u}
              </Text>
            ))}
          </Stack>
          <Group mt="sm">
            {d.questions.length > 0 && (
              <Button size="xs" onClick={() => draft.mutate(withAnswers(text, answers))} loading={draft.isPending} disabled={!answers.some((a) => a.trim())}>
                Draft again with my answers
              </Button>
            )}
            {d.definition && d.status !== 'unsupported' && (
              <Button size="xs" variant="default" onClick={() => save.mutate(d)} loading={save.isPending}>
                Save this draft anyway
              </Button>
            )}
          </Group>
        </Alert>
      )}
    </Card>
  );
}
