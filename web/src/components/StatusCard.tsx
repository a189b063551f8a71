import { Badge, Card, Group, List, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { fetchReadiness, type Readiness } from '../api/readiness';

/** Live status of the server's dependencies, from GET /ready, refreshed every few seconds. */
export function StatusCard() {
  const { data, error, isPending } = useQuery<Readiness>({
    queryKey: ['ready'],
    queryFn: fetchReadiness,
    refetchInterval: 5000,
  });
  const state = isPending ? 'checking' : error ? 'unreachable' : data?.ready ? 'ready' : 'degraded';
  const label = { checking: 'Checking…', unreachable: 'Server unreachable', ready: 'All systems ready', degraded: 'Degraded' }[state];
  const color = { checking: 'gray', unreachable: 'red', ready: 'green', degraded: 'orange' }[state];
  return (
    <Card withBorder aria-labelledby="status-title" data-testid="status-card" data-state={state} component="section">
      <Title order={2} size="h4" id="status-title">
        System status
      </Title>
      <Group mt="xs" role="status">
        <Badge color={color} variant="dot" size="lg">
          {label}
        </Badge>
      </Group>
      {data && (
        <>
          <Text size="sm" c="dimmed" mt="xs">
            Storage: {data.mode?.database ?? 'unknown'} · Jobs: {data.mode?.queue ?? 'unknown'}
          </Text>
          <List size="sm" mt="xs" listStyleType="none">
            {data.checks.map((c) => (
              <List.Item key={c.name} data-check={c.name} data-ok={c.ok}>
                <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> {c.name.replace('_', ' ')}{' '}
                <Text span size="sm" c="dimmed">
                  {c.ok ? `${c.durationMs} ms` : c.error}
                </Text>
              </List.Item>
            ))}
          </List>
        </>
      )}
      {error && (
        <Text size="sm" c="dimmed" mt="xs">
          {(error as Error).message}
        </Text>
      )}
    </Card>
  );
}
