import { Anchor, Badge, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { VirtualList } from '../../components/VirtualList';
import { duration, listRuns, runKind, runStatuses, statusColor, when, workflowLabel, type RunSummary } from './runsApi';

/** Run history: every run of the workspace, newest first, loaded page by page as you scroll. */
export default function RunsPage() {
  const [status, setStatus] = useState<string | null>(null);
  // ?workflow=<id>: the runs of one workflow (its page links here).
  const [params, setParams] = useSearchParams();
  const workflowId = params.get('workflow') ?? undefined;
  const query = useInfiniteQuery({
    queryKey: ['runs', status, workflowId],
    queryFn: ({ pageParam }) => listRuns({ ...(pageParam ? { cursor: pageParam } : {}), ...(status ? { status } : {}), ...(workflowId ? { workflowId } : {}) }),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const runs = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const loadMore = () => {
    if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  };
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={1}>Run history</Title>
          {workflowId && (
            <Text size="sm">
              Runs of{' '}
              <Anchor component={Link} to={`/workflows/w/${workflowId}`}>
                {runs[0]?.workflowName ?? 'this workflow'}
              </Anchor>{' '}
              ·{' '}
              <Anchor component="button" type="button" size="sm" onClick={() => setParams({})}>
                show every workflow
              </Anchor>
            </Text>
          )}
        </Stack>
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={runStatuses.map((s) => ({ value: s, label: s }))}
          value={status}
          onChange={setStatus}
          w={180}
        />
      </Group>
      <Text size="sm" c="dimmed" data-testid="runs-count">
        {query.isPending ? 'Loading…' : `${runs.length}${query.hasNextPage ? '+' : ''} runs`}
      </Text>
      {query.error && <Text c="red.8">{(query.error as Error).message}</Text>}
      <VirtualList<RunSummary>
        label="Runs"
        items={runs}
        rowHeight={44}
        height="70vh"
        getKey={(r) => r.id}
        onEndReached={loadMore}
        renderRow={(r) => (
          <Group justify="space-between" wrap="nowrap" px="sm" h={44} gap="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }} data-run-row>
            <Anchor component={Link} to={`/workflows/runs/${r.id}`} size="sm" truncate style={{ minWidth: 0, flex: 1 }} fs={r.workflowName ? undefined : 'italic'}>
              {workflowLabel(r)}
            </Anchor>
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {when(r.createdAt)}
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="sm" truncate>
              {runKind(r)} · v{r.version} · {duration(r.startedAt, r.finishedAt)}
            </Text>
            <Badge variant="dot" color={statusColor[r.status] ?? 'gray'}>
              {r.status}
            </Badge>
          </Group>
        )}
      />
    </Stack>
  );
}
