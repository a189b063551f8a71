import { Anchor, Badge, Box, Button, Code, Group, Select, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { CommentsPanel } from '../../components/CommentsPanel';
import { Presence } from '../../components/Presence';
import { fetchMe, ME_QUERY_KEY } from '../auth/authApi';
import { duration, listRuns, runKind, statusColor, when } from '../runs/runsApi';
import { DefinitionOutline } from './DefinitionOutline';
import { ErrorPanel } from './IssueList';
import { activate, deactivate, type ActivationResult, diffVersions, getWorkflow, listVersions, rollback, runWorkflow } from './workflowsApi';

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** One workflow: activation, test/dry runs, its runs, version history with a structural diff and rollback. */
export default function WorkflowDetailPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 60_000 });
  const permissions = me.data?.workspace?.permissions ?? [];
  const canWrite = permissions.includes('workflows:write');
  const canRun = permissions.includes('workflows:run');
  const [problem, setProblem] = useState<unknown>(null);
  const wf = useQuery({ queryKey: ['workflow', id], queryFn: () => getWorkflow(id) });
  const versions = useQuery({ queryKey: ['workflow-versions', id], queryFn: () => listVersions(id) });
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const diff = useQuery({ queryKey: ['workflow-diff', id, from, to], queryFn: () => diffVersions(id, Number(from), Number(to)), enabled: !!from && !!to });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['workflow', id] });
    void client.invalidateQueries({ queryKey: ['workflow-versions', id] });
  };
  // Refusals stay on the page, every problem listed with a way to its step (a toast showed only the first).
  const onError = (e: unknown) => setProblem(e);
  const toggle = useMutation({
    mutationFn: (): Promise<ActivationResult> => (wf.data?.active ? deactivate(id) : activate(id)),
    onMutate: () => setProblem(null),
    onSuccess: (r) => {
      if (r.webhook) notifications.show({ autoClose: false, title: 'Webhook URL (shown once)', message: `${r.webhook.url}${r.webhook.hmacSecret ? ` — HMAC secret ${r.webhook.hmacSecret}` : ''}` });
      refresh();
    },
    onError,
  });
  const run = useMutation({ mutationFn: (dry: boolean) => runWorkflow(id, dry, { usePinned: wf.data?.pinnedTriggerData !== null && wf.data?.pinnedTriggerData !== undefined }), onMutate: () => setProblem(null), onSuccess: (r) => navigate(`/workflows/runs/${r.id}`), onError });
  const back = useMutation({ mutationFn: (v: number) => rollback(id, v), onMutate: () => setProblem(null), onSuccess: refresh, onError });
  if (wf.error) return <ErrorPanel error={wf.error} />;
  if (!wf.data) return <Text>Loading…</Text>;
  const options = (versions.data?.items ?? []).map((v) => ({ value: String(v.version), label: `v${v.version} — ${v.message}` }));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{wf.data.name}</Title>
        <Group gap="sm">
          <Presence kind="workflow" id={id} />
          <Badge color={wf.data.active ? 'green' : 'gray'} data-testid="workflow-active">
            {wf.data.active ? 'active' : 'inactive'}
          </Badge>
        </Group>
      </Group>
      {wf.data.description && <Text>{wf.data.description}</Text>}
      <Text size="sm" c="dimmed">
        Created by {wf.data.createdByName ?? 'a former member'} · {when(wf.data.createdAt)}
        {wf.data.active ? ` · runs its published version v${wf.data.publishedVersion ?? '?'} when triggered` : ' · not triggered until activated'}
      </Text>
      <Group>
        <Button component={Link} to={`/workflows/w/${id}/edit`}>
          Open editor
        </Button>
        <Button onClick={() => toggle.mutate()} loading={toggle.isPending} disabled={!canWrite}>
          {wf.data.active ? 'Deactivate' : 'Validate and activate'}
        </Button>
        <Button variant="light" onClick={() => run.mutate(true)} loading={run.isPending && run.variables} disabled={!canRun}>
          Dry run
        </Button>
        <Button variant="light" onClick={() => run.mutate(false)} loading={run.isPending && !run.variables} disabled={!canRun}>
          Run now
        </Button>
      </Group>
      {me.data && !canRun && (
        <Text size="sm" c="dimmed">
          Your role can see this workflow and its runs but not run {canWrite ? 'it' : 'or change it'}.
        </Text>
      )}
      {problem !== null && <ErrorPanel error={problem} workflowId={id} onClose={() => setProblem(null)} />}
      <WorkflowRuns workflowId={id} />
      <Title order={2}>Versions</Title>
      <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Versions">
        <Table data-testid="workflow-versions" miw={520}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Message</Table.Th>
              <Table.Th>Saved by</Table.Th>
              <Table.Th>Saved</Table.Th>
              <Table.Th>
                <VisuallyHidden>State</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(versions.data?.items ?? []).map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>v{v.version}</Table.Td>
                <Table.Td>{v.message}</Table.Td>
                <Table.Td>{v.authorName ?? 'a former member'}</Table.Td>
                <Table.Td>{new Date(v.createdAt).toLocaleString()}</Table.Td>
                <Table.Td>
                  {v.version === wf.data.publishedVersion ? (
                    <Badge>published</Badge>
                  ) : canWrite ? (
                    <Button size="xs" variant="subtle" onClick={() => back.mutate(v.version)}>
                      Roll back to this
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
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
      <Title order={2}>What it does (v{wf.data.latestVersion})</Title>
      <DefinitionOutline definition={wf.data.draft} />
      <CommentsPanel workflowId={id} />
    </Stack>
  );
}

/** The workflow's latest runs, newest first, each linking to its timeline; the rest in the run history. */
function WorkflowRuns({ workflowId }: { workflowId: string }) {
  const runs = useQuery({ queryKey: ['workflow-runs', workflowId], queryFn: () => listRuns({ workflowId, limit: 10 }), refetchInterval: 10_000 });
  const items = runs.data?.items ?? [];
  return (
    <Stack gap="xs" component="section" aria-labelledby="workflow-runs-title">
      <Group justify="space-between">
        <Title order={2} id="workflow-runs-title">
          Runs
        </Title>
        <Anchor component={Link} to={`/workflows/runs?workflow=${encodeURIComponent(workflowId)}`} size="sm">
          All runs of this workflow
        </Anchor>
      </Group>
      {runs.error && <ErrorPanel error={runs.error} />}
      {runs.data && items.length === 0 && <Text size="sm">No runs yet: try a dry run, or run it now.</Text>}
      {items.length > 0 && (
        <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Latest runs">
          <Table data-testid="workflow-runs" miw={480}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Started</Table.Th>
                <Table.Th>How</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Took</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-run-id={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/workflows/runs/${r.id}`} size="sm">
                      {when(r.createdAt)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{runKind(r)}</Table.Td>
                  <Table.Td>v{r.version}</Table.Td>
                  <Table.Td>{duration(r.startedAt, r.finishedAt)}</Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={statusColor[r.status] ?? 'gray'}>
                      {r.status}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      )}
    </Stack>
  );
}
