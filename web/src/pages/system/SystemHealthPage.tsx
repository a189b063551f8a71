import '@mantine/charts/styles.css';
import { AreaChart, LineChart } from '@mantine/charts';
import { Alert, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { SystemHealth } from '../../../../src/shared/system';
import { api, ApiError } from '../../lib/api';

const mib = (b: number) => `${Math.round(b / 1048576)} MiB`;
const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const statusColor = { healthy: 'green', degraded: 'orange', down: 'red' } as const;

/** Admins' live view: dependencies, process, traffic and latency charts, alerts, and each domain's gauges. */
export default function SystemHealthPage() {
  const { data, error } = useQuery({ queryKey: ['system-health'], queryFn: () => api<SystemHealth>('/api/system/health'), refetchInterval: 10_000 });
  if (error) {
    return (
      <Alert color="red" title="System health is not available" role="alert">
        {error instanceof ApiError && error.status === 403 ? 'Only workspace admins can see system health.' : (error as Error).message}
      </Alert>
    );
  }
  if (!data) return <Text>Loading system health…</Text>;
  const series = data.traffic.samples.map((s) => ({
    time: time(s.at),
    requests: s.requests,
    errors: s.serverErrors,
    p50: s.p50Ms ?? 0,
    p95: s.p95Ms ?? 0,
  }));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>System health</Title>
        <Badge size="lg" variant="dot" color={statusColor[data.status]} data-testid="system-status">
          {data.status}
        </Badge>
      </Group>
      {data.alerts.length > 0 && (
        <Stack gap="xs" aria-label="Alerts">
          {data.alerts.map((a) => (
            <Alert key={a.id} color={a.severity === 'critical' ? 'red' : 'orange'} title={a.severity === 'critical' ? 'Critical' : 'Warning'}>
              {a.message}
            </Alert>
          ))}
        </Stack>
      )}
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Title order={2} size="h4">
            Dependencies
          </Title>
          <Text size="sm" c="dimmed">
            {data.mode.database} · jobs {data.mode.queue}
          </Text>
          {data.checks.map((c) => (
            <Text key={c.name} size="sm" data-check={c.name} data-ok={c.ok}>
              {c.ok ? '✓' : '✗'} {c.name.replace('_', ' ')} — {c.ok ? `${c.durationMs} ms` : c.error}
            </Text>
          ))}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">
            Process
          </Title>
          <Text size="sm">Memory: {mib(data.process.rssBytes)} (heap {mib(data.process.heapUsedBytes)})</Text>
          <Text size="sm">Up {Math.round(data.process.uptimeSeconds / 60)} min · Node {data.process.nodeVersion}</Text>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">
            Alert thresholds
          </Title>
          <Text size="sm">Server errors above {(data.thresholds.errorRate * 100).toFixed(1)}%</Text>
          <Text size="sm">p95 latency above {data.thresholds.latencyP95Ms} ms</Text>
          <Text size="sm">Memory above {mib(data.thresholds.rssBytes)}</Text>
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Requests and server errors per {data.traffic.intervalSeconds} s
        </Title>
        <AreaChart h={220} withLegend data={series} dataKey="time" series={[{ name: 'requests', color: 'indigo.6' }, { name: 'errors', color: 'red.6' }]} curveType="monotone" />
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Latency (ms)
        </Title>
        <LineChart h={220} withLegend data={series} dataKey="time" series={[{ name: 'p50', color: 'teal.6' }, { name: 'p95', color: 'orange.6' }]} curveType="monotone" />
      </Card>
      {data.metrics.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Domain figures
          </Title>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Metric</Table.Th>
                <Table.Th>Labels</Table.Th>
                <Table.Th>Value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.metrics.flatMap((m) =>
                m.values.map((v, i) => (
                  <Table.Tr key={`${m.name}-${i}`}>
                    {/* What the figure means first, in words; the Prometheus name below it for whoever queries it. */}
                    <Table.Td data-metric={m.name}>
                      <Text size="sm">{m.help.replace(/\.$/, '')}</Text>
                      <Text size="xs" c="gray.7" ff="monospace">
                        {m.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>{Object.entries(v.labels).map(([k, val]) => `${k.replace(/_/g, ' ')}: ${val}`).join(', ')}</Table.Td>
                    <Table.Td>{v.value}</Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
