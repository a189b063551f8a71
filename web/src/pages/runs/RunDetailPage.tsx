import { Accordion, Alert, Badge, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { Presence } from '../../components/Presence';
import { ApprovalCard } from './ApprovalCard';
import { cancelRun, duration, getRun, retryRun, statusColor, when } from './runsApi';

const json = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

/** One run's timeline: each step's status, attempt, timing, input, output, logs and error; cancel and re-run. */
export default function RunDetailPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const run = useQuery({
    queryKey: ['run', id],
    queryFn: () => getRun(id),
    refetchInterval: (q) => (q.state.data && ['succeeded', 'failed', 'cancelled'].includes(q.state.data.status) ? false : 2000),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['run', id] });
  const cancel = useMutation({ mutationFn: () => cancelRun(id), onSuccess: refresh });
  const retry = useMutation({
    mutationFn: (body: { from: 'failed_step' | 'start'; version: 'run' | 'current' }) => retryRun(id, body),
    onSuccess: () => {
      notifications.show({ message: 'Re-run started' });
      void refresh();
    },
    onError: (e) => notifications.show({ color: 'red', message: (e as Error).message }),
  });
  if (run.error) return <Alert color="red" title="Run not available">{(run.error as Error).message}</Alert>;
  if (!run.data) return <Text>Loading run…</Text>;
  const r = run.data;
  const active = ['queued', 'running', 'waiting'].includes(r.status);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Run {r.id.slice(-8)}</Title>
        <Group gap="sm">
          <Presence kind="run" id={r.id} />
          <Badge size="lg" variant="dot" color={statusColor[r.status] ?? 'gray'} data-testid="run-status">
            {r.status}
          </Badge>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        Version {r.version} · {r.triggerType} trigger · started {when(r.startedAt)} · took {duration(r.startedAt, r.finishedAt)}
      </Text>
      <Group>
        {active && (
          <Button variant="default" onClick={() => cancel.mutate()} loading={cancel.isPending}>
            Cancel run
          </Button>
        )}
        {r.status === 'failed' && (
          <>
            <Button onClick={() => retry.mutate({ from: 'failed_step', version: 'run' })} loading={retry.isPending}>
              Re-run from the failed step
            </Button>
            <Button variant="default" onClick={() => retry.mutate({ from: 'failed_step', version: 'current' })} loading={retry.isPending}>
              …with the current version
            </Button>
          </>
        )}
        {!active && (
          <Button variant="default" onClick={() => retry.mutate({ from: 'start', version: 'run' })} loading={retry.isPending}>
            Re-run from the start
          </Button>
        )}
      </Group>
      {r.error !== null && r.error !== undefined && (
        <Alert color="red" title="The run failed">
          <Code block>{json(r.error)}</Code>
        </Alert>
      )}
      {r.steps
        .filter((s) => s.status === 'waiting' && s.stepType === 'wait_for_approval')
        .map((s) => (
          <ApprovalCard key={s.stepKey} runId={r.id} step={s} onDecided={() => void refresh()} />
        ))}
      <Title order={2} size="h3">
        Timeline
      </Title>
      <Accordion variant="separated" multiple aria-label="Steps">
        {r.steps.map((s) => (
          <Accordion.Item key={`${s.stepKey}-${s.attempt}`} value={`${s.stepKey}-${s.attempt}`} data-step={s.stepId}>
            <Accordion.Control>
              <Group justify="space-between" wrap="nowrap" pr="sm">
                <Text size="sm" fw={600}>
                  {s.stepId} <Text span size="xs" c="dimmed">{s.stepType}{s.attempt > 1 ? ` · attempt ${s.attempt}` : ''}</Text>
                </Text>
                <Group gap="xs" wrap="nowrap">
                  <Text size="xs" c="dimmed">
                    {s.durationMs === null ? '—' : `${s.durationMs} ms`}
                  </Text>
                  <Badge variant="dot" color={statusColor[s.status] ?? 'gray'}>
                    {s.status}
                  </Badge>
                </Group>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Text size="xs" fw={600}>Input</Text>
              <Code block>{json(s.input)}</Code>
              <Text size="xs" fw={600} mt="xs">Output</Text>
              <Code block>{s.outputRef ? `stored by reference: ${s.outputRef}` : json(s.output)}</Code>
              {s.error !== null && (
                <>
                  <Text size="xs" fw={600} mt="xs" c="red.8">Error</Text>
                  <Code block>{json(s.error)}</Code>
                </>
              )}
              {s.logs.length > 0 && (
                <>
                  <Text size="xs" fw={600} mt="xs">Logs</Text>
                  <Code block>{s.logs.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}</Code>
                </>
              )}
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}
