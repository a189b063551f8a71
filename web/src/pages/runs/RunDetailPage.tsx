import { Accordion, Alert, Anchor, Badge, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Presence } from '../../components/Presence';
import { ApprovalCard } from './ApprovalCard';
import { cancelRun, duration, getRun, retryRun, runKind, statusColor, when, workflowLabel } from './runsApi';
import { inAppLinks } from '../../components/InAppText';

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
        <Title order={1}>
          Run of {workflowLabel(r)} <Text span c="dimmed" fz="md">{r.id.slice(-8)}</Text>
        </Title>
        <Group gap="sm">
          <Presence kind="run" id={r.id} />
          {r.mode === 'dry' && (
            <Badge size="lg" color="violet" variant="light" data-testid="run-kind">
              Dry run
            </Badge>
          )}
          <Badge size="lg" variant="dot" color={statusColor[r.status] ?? 'gray'} data-testid="run-status">
            {r.status}
          </Badge>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {r.workflowName !== null && (
          <>
            <Anchor component={Link} to={`/workflows/w/${r.workflowId}`} size="sm" data-testid="run-workflow-link">
              Open workflow “{r.workflowName}”
            </Anchor>
            {' · '}
          </>
        )}
        Version {r.version} · {runKind(r)}
        {r.mode === 'dry' ? ' (side effects previewed, not done)' : ''} · started {when(r.startedAt)} · took {duration(r.startedAt, r.finishedAt)}
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
      {r.error !== null && r.error !== undefined && <RunErrorAlert error={r.error} cancelled={r.status === 'cancelled'} workflowId={r.workflowId} canEdit={r.workflowName !== null} />}
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

/** Why the run ended, in words: which step, what went wrong, what to do; the raw error stays one click away. */
function RunErrorAlert({ error, cancelled, workflowId, canEdit }: { error: unknown; cancelled: boolean; workflowId: string; canEdit: boolean }) {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as { message?: unknown; stepId?: unknown; code?: unknown };
  const message = typeof e.message === 'string' ? e.message : 'The run stopped with an error.';
  const stepId = typeof e.stepId === 'string' ? e.stepId : undefined;
  return (
    <Alert color={cancelled ? 'gray' : 'red'} title={cancelled ? 'The run was cancelled' : stepId ? `Step “${stepId}” failed` : 'The run failed'} data-testid="run-error">
      <Text size="sm">{inAppLinks(message)}</Text>
      {!cancelled && (
        <Text size="sm" mt={4}>
          {stepId ? `Open step “${stepId}” below to see its input and output. ` : ''}
          {canEdit ? (
            <>
              Fix it in the{' '}
              <Anchor component={Link} to={`/workflows/w/${workflowId}/edit${stepId ? `?step=${encodeURIComponent(stepId)}` : ''}`} size="sm">
                editor
              </Anchor>
              , then re-run.
            </>
          ) : (
            'Then re-run it.'
          )}
        </Text>
      )}
      <details>
        <summary style={{ cursor: 'pointer', fontSize: 12, marginTop: 4 }}>Technical details</summary>
        <Code block>{json(error)}</Code>
      </details>
    </Alert>
  );
}
