import { Alert, Button, Card, Group, List, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';

interface Draft {
  status: 'draft' | 'needs_clarification' | 'unsupported';
  name: string;
  summary: string;
  questions: string[];
  unmapped: string[];
  notes: string[];
  planner: 'offline' | 'model';
  workflowId?: string;
}

/**
 * "Describe it": a plain-language request becomes a draft workflow (the model planner when a key is set
 * up, else the offline planner), saved inactive and opened for review; questions when it is ambiguous.
 */
export function FromTextCard() {
  const [text, setText] = useState('');
  const navigate = useNavigate();
  const client = useQueryClient();
  const draft = useMutation({
    mutationFn: () => api<Draft>('/api/workflows/from-text', { method: 'POST', body: { text, save: true, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' } }),
    onSuccess: (d) => {
      if (!d.workflowId) return;
      void client.invalidateQueries({ queryKey: ['workflows'] });
      void navigate(`/workflows/w/${d.workflowId}`);
    },
  });
  const d = draft.data;
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
        <Button onClick={() => draft.mutate()} loading={draft.isPending} disabled={text.trim().length < 3}>
          Draft workflow
        </Button>
      </Group>
      {draft.error && (
        <Alert color="red" mt="sm">
          {(draft.error as Error).message}
        </Alert>
      )}
      {d && !d.workflowId && (
        <Alert color="yellow" mt="sm" title={d.status === 'unsupported' ? 'Atom cannot do that yet' : 'A few questions first'} data-testid="from-text-questions">
          <Text size="sm">{d.summary}</Text>
          <List size="sm" mt="xs">
            {[...d.questions, ...d.unmapped.map((u) => `Not understood: ${u}`)].map((q) => (
              <List.Item key={q}>{q}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Card>
  );
}
