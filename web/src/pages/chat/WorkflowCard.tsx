import { Alert, Anchor, Badge, Button, Card, Group, List, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api';
import { activate, runWorkflow } from '../workflows/workflowsApi';
import type { WorkflowCardData } from './common';

const problemText = (e: unknown) => {
  if (e instanceof ApiError) return [e.detail, ...e.fields.map((f) => f.message)].join(' ');
  return e instanceof Error ? e.message : 'That did not work.';
};

/** A workflow the assistant drafted: what it does, and open / activate / dry run, through the workflow API. */
export function WorkflowCard({ card }: { card: WorkflowCardData }) {
  const on = useMutation({ mutationFn: () => activate(card.workflowId) });
  const dry = useMutation({ mutationFn: () => runWorkflow(card.workflowId, true) });
  return (
    <Card withBorder padding="sm" radius="sm" aria-label={`Workflow ${card.name}`} mt="xs">
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600}>{card.name}</Text>
        <Badge variant="light" color={on.isSuccess ? 'green' : 'gray'}>
          {on.isSuccess ? 'active' : 'draft, off'}
        </Badge>
      </Group>
      <Text size="sm" mt={4}>
        {card.summary}
      </Text>
      {card.questions.length > 0 && (
        <List size="sm" mt="xs" aria-label="Before activating">
          {card.questions.map((q) => (
            <List.Item key={q}>{q}</List.Item>
          ))}
        </List>
      )}
      {card.notes.length > 0 && (
        <Text size="xs" c="dimmed" mt="xs">
          {card.notes.join(' ')}
        </Text>
      )}
      <Group mt="sm" gap="xs">
        <Button size="xs" variant="default" component={Link} to={`/workflows/w/${card.workflowId}/edit`}>
          Open in editor
        </Button>
        <Button size="xs" variant="light" onClick={() => dry.mutate()} loading={dry.isPending}>
          Dry run
        </Button>
        <Button size="xs" onClick={() => on.mutate()} loading={on.isPending} disabled={on.isSuccess}>
          {on.isSuccess ? 'Activated' : 'Activate'}
        </Button>
      </Group>
      {dry.data && (
        <Text size="sm" mt="xs">
          Dry run started: <Anchor component={Link} to={`/workflows/runs/${dry.data.id}`}>open the run</Anchor>
        </Text>
      )}
      {(on.error || dry.error) && (
        <Alert color="red" mt="xs" title={on.error ? 'Not activated' : 'Dry run refused'}>
          {problemText(on.error ?? dry.error)}
        </Alert>
      )}
    </Card>
  );
}
