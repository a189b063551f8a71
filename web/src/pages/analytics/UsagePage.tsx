import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Alert, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { UsageAnalytics as UsageReport } from '../../../../src/shared/analytics';
import { api, ApiError } from '../../lib/api';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const statusColors: Record<string, string> = { succeeded: 'green.7', failed: 'red.7', cancelled: 'gray.6', running: 'blue.6', waiting: 'yellow.6', queued: 'gray.4' };

/** Usage analytics: runs, AI tokens and cost, memory documents and searches, over a chosen date range. */
export default function UsagePage() {
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 29 * 86_400_000)));
  const [to, setTo] = useState(() => isoDay(new Date()));
  // The API's `to` is exclusive: include the whole last day.
  const toExclusive = isoDay(new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000));
  const query = `from=${from}&to=${toExclusive}`;
  const { data, error } = useQuery({ queryKey: ['usage', query], queryFn: () => api<UsageReport>(`/api/analytics/usage?${query}`) });

  const runsChart = useMemo(() => {
    const days = new Map<string, Record<string, number | string>>();
    for (const r of data?.runsPerDay ?? []) {
      const row = days.get(r.day) ?? { day: r.day };
      row[r.status] = Number(row[r.status] ?? 0) + r.runs;
      days.set(r.day, row);
    }
    return [...days.values()];
  }, [data]);
  const statuses = [...new Set((data?.runsPerDay ?? []).map((r) => r.status))];
  const byWorkflow = useMemo(() => {
    const m = new Map<string, { name: string; runs: number; failed: number }>();
    for (const r of data?.runsPerDay ?? []) {
      const w = m.get(r.workflowId) ?? { name: r.workflowName, runs: 0, failed: 0 };
      w.runs += r.runs;
      if (r.status === 'failed') w.failed += r.runs;
      m.set(r.workflowId, w);
    }
    return [...m.values()].sort((a, b) => b.runs - a.runs);
  }, [data]);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Usage</Title>
        <Group align="flex-end">
          <TextInput type="date" label="From" value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="date" label="To" value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} />
          <Button component="a" href={`/api/analytics/usage?${query}&format=csv`} variant="default" download>
            Export CSV
          </Button>
        </Group>
      </Group>
      {error && (
        <Alert color="red" title="Usage is not available">
          {error instanceof ApiError && error.status === 403 ? 'Only workspace admins can see usage.' : (error as Error).message}
        </Alert>
      )}
      {data && (
        <>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              Runs per day
            </Title>
            {runsChart.length === 0 ? (
              <Text size="sm">No runs in this range.</Text>
            ) : (
              <BarChart h={240} data={runsChart} dataKey="day" type="stacked" withLegend series={statuses.map((s) => ({ name: s, color: statusColors[s] ?? 'indigo.6' }))} />
            )}
          </Card>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                Workflows by runs
              </Title>
              <Table aria-label="Runs by workflow">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Workflow</Table.Th>
                    <Table.Th>Runs</Table.Th>
                    <Table.Th>Failed</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {byWorkflow.map((w) => (
                    <Table.Tr key={w.name}>
                      <Table.Td>{w.name}</Table.Td>
                      <Table.Td>{w.runs}</Table.Td>
                      <Table.Td>{w.failed}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                AI tokens and cost
              </Title>
              <Table aria-label="AI usage by user and model">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>User</Table.Th>
                    <Table.Th>Model</Table.Th>
                    <Table.Th>Tokens in / out</Table.Th>
                    <Table.Th>Cost</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.ai.map((a) => (
                    <Table.Tr key={`${a.userId}-${a.provider}-${a.model}`}>
                      <Table.Td>{a.userName}</Table.Td>
                      <Table.Td>
                        {a.provider}/{a.model}
                      </Table.Td>
                      <Table.Td>
                        {a.inputTokens.toLocaleString()} / {a.outputTokens.toLocaleString()}
                      </Table.Td>
                      <Table.Td>${a.costUsd.toFixed(4)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                Memory documents by source
              </Title>
              <Table aria-label="Memory documents by source">
                <Table.Tbody>
                  {data.memoryDocuments.map((d) => (
                    <Table.Tr key={d.source}>
                      <Table.Td>{d.source}</Table.Td>
                      <Table.Td>{d.documents.toLocaleString()} documents</Table.Td>
                      <Table.Td>{Math.round(d.bytes / 1024).toLocaleString()} KB</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                Memory searches
              </Title>
              {data.searchesPerDay.length === 0 ? (
                <Text size="sm">No searches in this range.</Text>
              ) : (
                <BarChart h={200} data={data.searchesPerDay} dataKey="day" withLegend series={[{ name: 'searches', color: 'indigo.6' }, { name: 'zeroResults', label: 'no results', color: 'orange.6' }]} />
              )}
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                Most-used templates
              </Title>
              {data.templates.length === 0 ? (
                <Text size="sm">No workflows made from templates in this range.</Text>
              ) : (
                <Table aria-label="Most-used templates">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Template</Table.Th>
                      <Table.Th>Workflows made</Table.Th>
                      <Table.Th>Runs</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.templates.map((t) => (
                      <Table.Tr key={t.templateId}>
                        <Table.Td>{t.templateName}</Table.Td>
                        <Table.Td>{t.instantiations.toLocaleString()}</Table.Td>
                        <Table.Td>{t.runs.toLocaleString()}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
