import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ConnectionList } from '../../../../src/shared/connections';
import type { MemorySource } from '../../../../src/shared/memory';
import type { RunPage } from '../../../../src/shared/workflows';
import { api, ApiError } from '../../lib/api';

/** A home card over one API list; a caller without the permission simply does not see the card. */
function ApiCard<T>({ title, queryKey, path, render, testId }: { title: string; queryKey: string; path: string; render: (data: T) => ReactNode; testId: string }) {
  const { data, error, isPending } = useQuery({ queryKey: [queryKey], queryFn: () => api<T>(path), refetchInterval: 15_000 });
  if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return null;
  return (
    <Card withBorder component="section" aria-label={title} data-testid={testId}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {isPending ? <Text size="sm">Loading…</Text> : error ? <Text size="sm" c="red.8">{(error as Error).message}</Text> : render(data as T)}
    </Card>
  );
}

const runColor: Record<string, string> = { succeeded: 'green', failed: 'red', running: 'blue', cancelled: 'gray', waiting: 'yellow', queued: 'gray' };
const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });

export function RecentRunsCard() {
  return (
    <ApiCard<RunPage>
      title="Recent runs"
      queryKey="home-runs"
      path="/api/runs?limit=5"
      testId="recent-runs"
      render={({ items }) =>
        items.length === 0 ? (
          <Text size="sm">
            No runs yet. <Anchor component={Link} to="/workflows">Create a workflow</Anchor> or start from a template.
          </Text>
        ) : (
          <Stack gap={4}>
            {items.map((r) => (
              <Group key={r.id} justify="space-between" wrap="nowrap" data-recent-run>
                <Anchor component={Link} to={`/workflows/runs/${r.id}`} size="sm" truncate>
                  {r.workflowName ?? 'Deleted workflow'}
                  <Text span size="xs" c="dimmed">
                    {' · '}
                    {r.mode === 'dry' ? 'dry run · ' : ''}
                    {when(r.createdAt)}
                  </Text>
                </Anchor>
                <Badge variant="dot" color={runColor[r.status] ?? 'gray'}>
                  {r.status}
                </Badge>
              </Group>
            ))}
          </Stack>
        )
      }
    />
  );
}


export function AttentionCard() {
  return (
    <ApiCard<ConnectionList>
      title="Connections needing attention"
      queryKey="home-connections"
      path="/api/connections"
      testId="connections-attention"
      render={({ items }) => {
        const troubled = items.filter((c) => c.needsReconnect || c.status !== 'healthy');
        if (items.length === 0)
          return (
            <Text size="sm">
              No services connected yet. <Anchor component={Link} to="/integrations">Connect one</Anchor>.
            </Text>
          );
        if (troubled.length === 0) return <Text size="sm">All {items.length} connections are healthy.</Text>;
        return (
          <Stack gap={4}>
            {troubled.map((c) => (
              <Group key={c.id} justify="space-between" wrap="nowrap">
                <Anchor component={Link} to={`/integrations/connections/${c.id}`} size="sm" truncate>
                  {c.serviceName} · {c.label}
                </Anchor>
                <Badge variant="dot" color={c.needsReconnect ? 'orange' : 'red'}>
                  {c.needsReconnect ? 'sign in again' : c.status}
                </Badge>
              </Group>
            ))}
          </Stack>
        );
      }}
    />
  );
}


export function MemorySyncCard() {
  return (
    <ApiCard<{ connections: MemorySource[] }>
      title="Memory sync"
      queryKey="home-memory"
      path="/api/memory/connections"
      testId="memory-sync"
      render={({ connections }) =>
        connections.length === 0 ? (
          <Text size="sm">
            Nothing synced yet. <Anchor component={Link} to="/memory">Upload documents or add a source</Anchor>.
          </Text>
        ) : (
          <Stack gap={4}>
            {connections.map((s) => (
              <Group key={s.id} justify="space-between" wrap="nowrap">
                <Text size="sm" truncate>
                  {s.name}
                </Text>
                <Text size="xs" c={s.lastError ? 'red.8' : 'dimmed'}>
                  {s.lastError ? 'sync failed' : s.lastSyncFinishedAt ? `synced ${when(s.lastSyncFinishedAt)}` : s.status}
                </Text>
              </Group>
            ))}
          </Stack>
        )
      }
    />
  );
}
