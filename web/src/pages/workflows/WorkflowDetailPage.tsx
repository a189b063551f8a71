import { Alert, Badge, Button, Code, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { CommentsPanel } from '../../components/CommentsPanel';
import { Presence } from '../../components/Presence';
import { activate, deactivate, type ActivationResult, diffVersions, getWorkflow, listVersions, rollback, runWorkflow } from './workflowsApi';

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** One workflow: activation, test/dry runs, version history with a structural diff and rollback. */
export default function WorkflowDetailPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const navigate = useNavigate();
  const wf = useQuery({ queryKey: ['workflow', id], queryFn: () => getWorkflow(id) });
  const versions = useQuery({ queryKey: ['workflow-versions', id], queryFn: () => listVersions(id) });
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const diff = useQuery({ queryKey: ['workflow-diff', id, from, to], queryFn: () => diffVersions(id, Number(from), Number(to)), enabled: !!from && !!to });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['workflow', id] });
    void client.invalidateQueries({ queryKey: ['workflow-versions', id] });
  };
  const onError = (e: unknown) => notifications.show({ color: 'red', message: (e as Error).message });
  const toggle = useMutation({
    mutationFn: (): Promise<ActivationResult> => (wf.data?.active ? deactivate(id) : activate(id)),
    onSuccess: (r) => {
      if (r.webhook) notifications.show({ autoClose: false, title: 'Webhook URL (shown once)', message: `${r.webhook.url}${r.webhook.hmacSecret ? ` — HMAC secret ${r.webhook.hmacSecret}` : ''}` });
      refresh();
    },
    onError,
  });
  const run = useMutation({ mutationFn: (dry: boolean) => runWorkflow(id, dry), onSuccess: (r) => navigate(`/workflows/runs/${r.id}`), onError });
  const back = useMutation({ mutationFn: (v: number) => rollback(id, v), onSuccess: refresh, onError });
  if (wf.error) return <Alert color="red">{(wf.error as Error).message}</Alert>;
  if (!wf.data) return <Text>Loading…</Text>;
  const options = (versions.data?.items ?? []).map((v) => ({ value: String(v.version), label: `v${v.version} — ${v.message}` }));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{wf.data.name}</Title>
        <Group gap="sm">
          <Presence kind="workflow" id={id} />
          <Badge color={wf.data.active ? 'green' : 'gray'}>{wf.data.active ? 'active' : 'inactive'}</Badge>
        </Group>
      </Group>
      <Group>
        <Button component={Link} to={`/workflows/w/${id}/edit`}>
          Open editor
        </Button>
        <Button onClick={() => toggle.mutate()} loading={toggle.isPending}>
          {wf.data.active ? 'Deactivate' : 'Validate and activate'}
        </Button>
        <Button variant="light" onClick={() => run.mutate(true)}>
          Dry run
        </Button>
        <Button variant="light" onClick={() => run.mutate(false)}>
          Run now
        </Button>
      </Group>
      <Title order={2}>Versions</Title>
      <Table data-testid="workflow-versions">
        <Table.Tbody>
          {(versions.data?.items ?? []).map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td>v{v.version}</Table.Td>
              <Table.Td>{v.message}</Table.Td>
              <Table.Td>{v.author}</Table.Td>
              <Table.Td>{new Date(v.createdAt).toLocaleString()}</Table.Td>
              <Table.Td>
                {v.version === wf.data.publishedVersion ? (
                  <Badge>published</Badge>
                ) : (
                  <Button size="xs" variant="subtle" onClick={() => back.mutate(v.version)}>
                    Roll back to this
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Select label="Compare" data={options} value={from} onChange={setFrom} placeholder="from" />
        <Select label="with" data={options} value={to} onChange={setTo} placeholder="to" />
      </Group>
      {diff.data && (
        <Stack gap="xs" data-testid="workflow-diff">
          {diff.data.same && <Text>No differences.</Text>}
          {diff.data.trigger.map((c) => (
            <Text key={`t${c.path}`}>
              trigger.{c.path}: <Code>{show(c.before)}</Code> → <Code>{show(c.after)}</Code>
            </Text>
          ))}
          {diff.data.steps.added.map((s) => (
            <Text key={`a${s.id}`} c="green">
              + step {s.id} at {s.at}
            </Text>
          ))}
          {diff.data.steps.removed.map((s) => (
            <Text key={`r${s.id}`} c="red">
              − step {s.id} (was at {s.at})
            </Text>
          ))}
          {diff.data.steps.changed.flatMap((s) =>
            s.changes.map((c) => (
              <Text key={`c${s.id}${c.path}`}>
                step {s.id}.{c.path}: <Code>{show(c.before)}</Code> → <Code>{show(c.after)}</Code>
              </Text>
            )),
          )}
          {diff.data.steps.moved.map((s) => (
            <Text key={`m${s.id}`} c="dimmed">
              step {s.id} moved {s.from} → {s.to}
            </Text>
          ))}
        </Stack>
      )}
      <Title order={2}>Definition (latest)</Title>
      <Code block>{JSON.stringify(wf.data.draft, null, 2)}</Code>
      <CommentsPanel workflowId={id} />
    </Stack>
  );
}
