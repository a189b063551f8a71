import { Anchor, Badge, Card, Group, List, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { SystemStatus } from '../../../src/shared/system';
import { api } from '../lib/api';

/** Live status from GET /api/system/status (the System health page's rule), refreshed every few seconds. */
export function StatusCard() {
  const { data, error, isPending } = useQuery({ queryKey: ['system-status'], queryFn: () => api<SystemStatus>('/api/system/status'), refetchInterval: 5000 });
  // data-state keeps "ready" for a healthy verdict: tests and the offline shell read it.
  const state = isPending ? 'checking' : error && !data ? 'unreachable' : data?.status === 'healthy' ? 'ready' : (data?.status ?? 'unreachable');
  const label = { checking: 'Checking…', unreachable: 'Server unreachable', ready: 'All systems ready', degraded: 'Degraded', down: 'Down' }[state];
  const color = { checking: 'gray', unreachable: 'red', ready: 'green', degraded: 'orange', down: 'red' }[state];
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
            Storage: {data.mode.database} · Jobs: {data.mode.queue}
            {data.alerts > 0 && ` · ${data.alerts} alert${data.alerts === 1 ? '' : 's'}`}
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
          <Anchor component={Link} to="/system" size="sm">
            System health
          </Anchor>
        </>
      )}
      {error && !data && (
        <Text size="sm" c="dimmed" mt="xs">
          {(error as Error).message}
        </Text>
      )}
    </Card>
  );
}
