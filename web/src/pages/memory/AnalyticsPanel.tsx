import { Badge, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { fetchStats, formatBytes, sourceLabel } from './memoryApi';

const Figure = ({ label, value }: { label: string; value: string | number }) => (
  <Card withBorder>
    <Text size="xs" c="dimmed">{label}</Text>
    <Text fw={700} size="xl">{value}</Text>
  </Card>
);

/** GET /api/memory/stats as a page: totals, per source and type, failures, sync lag, throughput, search analytics. */
export function AnalyticsPanel() {
  const stats = useQuery({ queryKey: ['memory', 'stats'], queryFn: fetchStats, refetchInterval: 10_000 });
  const s = stats.data;
  if (stats.error) return <Text c="red.8" role="alert">{stats.error.message}</Text>;
  if (!s) return <Text c="dimmed">Loading…</Text>;
  const maxDocs = Math.max(1, ...Object.values(s.byType).map((r) => r.documents));
  return (
    <Stack gap="lg" data-testid="memory-analytics">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure label="Documents" value={s.totals.documents} />
        <Figure label="Passages" value={s.totals.chunks} />
        <Figure label="Size" value={formatBytes(s.totals.bytes)} />
        <Figure label="Skipped files" value={s.totals.failed} />
        <Figure label="Searches (24 h)" value={s.search.last24h} />
        <Figure label="Search p50 / p95 / p99" value={`${s.search.latencyMs.p50} / ${s.search.latencyMs.p95} / ${s.search.latencyMs.p99} ms`} />
        <Figure label="Ingest rate" value={`${s.throughput.documentsPerSecond} docs/s · ${s.throughput.chunksPerSecond} passages/s`} />
        <Figure label="Index" value={`${s.store.rows} rows${s.store.reembedding ? ' (re-embedding)' : ''}`} />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">By source</Title>
          <Table>
            <Table.Thead><Table.Tr><Table.Th>Source</Table.Th><Table.Th>Documents</Table.Th><Table.Th>Passages</Table.Th><Table.Th>Size</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {Object.entries(s.bySource).map(([k, r]) => (
                <Table.Tr key={k}><Table.Td>{sourceLabel[k] ?? k}</Table.Td><Table.Td>{r.documents}</Table.Td><Table.Td>{r.chunks}</Table.Td><Table.Td>{formatBytes(r.bytes)}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">By type</Title>
          <Stack gap={6}>
            {Object.entries(s.byType).map(([k, r]) => (
              <div key={k}>
                <Group justify="space-between"><Text size="sm">{k}</Text><Text size="sm">{r.documents}</Text></Group>
                <Progress value={(r.documents / maxDocs) * 100} aria-label={`${k}: ${r.documents} documents`} />
              </div>
            ))}
          </Stack>
        </Card>
      </SimpleGrid>

      <Card withBorder>
        <Title order={3} size="h5" mb="xs">Sync lag</Title>
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Source</Table.Th><Table.Th>Status</Table.Th><Table.Th>Last finished</Table.Th><Table.Th>Error</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {s.sources.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td><Badge variant="outline" color={c.status === 'error' ? 'red.9' : 'gray.9'}>{c.status}</Badge></Table.Td>
                <Table.Td>{c.lastSyncFinishedAt ? `${new Date(c.lastSyncFinishedAt).toLocaleString()} (${c.syncLagSeconds} s ago)` : 'never'}</Table.Td>
                <Table.Td>{c.lastError ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">Top searches</Title>
          {s.search.topQueries.length ? s.search.topQueries.map((q) => <Text key={q.query} size="sm">“{q.query}” · {q.count}</Text>) : <Text size="sm" c="dimmed">No searches yet.</Text>}
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">Searches that found nothing</Title>
          {s.search.zeroResultQueries.length ? s.search.zeroResultQueries.map((q) => <Text key={q.query} size="sm">“{q.query}” · {q.count}</Text>) : <Text size="sm" c="dimmed">None.</Text>}
        </Card>
      </SimpleGrid>

      {s.failures.recent.length > 0 && (
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">Skipped files</Title>
          <Table data-testid="memory-failures">
            <Table.Thead><Table.Tr><Table.Th>File</Table.Th><Table.Th>Reason</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {s.failures.recent.map((f) => (
                <Table.Tr key={`${f.name}-${f.code}-${f.occurredAt}`}><Table.Td>{f.name}</Table.Td><Table.Td><Badge variant="outline" mr="xs">{f.code.replace('memory.extract.', '')}</Badge>{f.reason}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
