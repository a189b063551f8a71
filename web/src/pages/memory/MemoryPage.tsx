import { Alert, Anchor, Badge, Button, Card, Chip, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchSources, fetchStats, searchMemory, sourceColor, sourceLabel, syncSource } from './memoryApi';

const types = ['pdf', 'docx', 'xlsx', 'pptx', 'csv', 'html', 'markdown', 'text', 'json', 'eml'];

/** Search across every source, with filters and source badges; the sources with their sync status; a few numbers. */
export default function MemoryPage() {
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [sources, setSources] = useState<string[]>([]);
  const [typeFilter, setTypeFilter] = useState<string[]>([]);
  const client = useQueryClient();
  const results = useQuery({ queryKey: ['memory', 'search', q, sources, typeFilter], queryFn: () => searchMemory(q, { sources, types: typeFilter }), enabled: q.trim() !== '' });
  const sourceList = useQuery({ queryKey: ['memory', 'sources'], queryFn: fetchSources, refetchInterval: 5000 });
  const stats = useQuery({ queryKey: ['memory', 'stats'], queryFn: fetchStats });
  const sync = useMutation({ mutationFn: syncSource, onSettled: () => client.invalidateQueries({ queryKey: ['memory', 'sources'] }) });

  return (
    <Stack gap="xl">
      <div>
        <Title order={1}>Memory</Title>
        <Text c="dimmed" mt="xs">Search everything Atom remembers from your uploads, folders, Google Drive and OneDrive — you only see what each source shares with you.</Text>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setQ(input);
        }}
      >
        <Group align="end">
          <TextInput label="Search" placeholder="e.g. wing flutter test results" value={input} onChange={(e) => setInput(e.currentTarget.value)} style={{ flex: 1 }} data-testid="memory-search" />
          <Button type="submit">Search</Button>
        </Group>
        <Group mt="sm" gap="xs">
          <Chip.Group multiple value={sources} onChange={setSources}>
            {Object.entries(sourceLabel).map(([k, v]) => (
              <Chip key={k} value={k} size="xs">{v}</Chip>
            ))}
          </Chip.Group>
          <Chip.Group multiple value={typeFilter} onChange={setTypeFilter}>
            {types.map((t) => (
              <Chip key={t} value={t} size="xs" variant="outline">{t}</Chip>
            ))}
          </Chip.Group>
        </Group>
      </form>

      {results.error && <Alert color="red">{(results.error as Error).message}</Alert>}
      {results.data && (
        <section aria-label="Results" data-testid="memory-results">
          <Text c="dimmed" size="sm" mb="xs">{results.data.hits.length} documents in {results.data.tookMs} ms</Text>
          <Stack gap="sm">
            {results.data.hits.map((h) => (
              <Card key={h.documentId} withBorder padding="md">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600}>{h.url ? <Anchor href={h.url} target="_blank" rel="noreferrer">{h.title}</Anchor> : h.title}</Text>
                  <Group gap={4}>
                    {h.locations.map((l) => (
                      <Badge key={l.documentId} color={sourceColor[l.source] ?? 'gray'} variant="light" component={l.url ? 'a' : 'span'} {...(l.url ? { href: l.url, target: '_blank' } : {})}>
                        {sourceLabel[l.source] ?? l.source}
                      </Badge>
                    ))}
                  </Group>
                </Group>
                <Text size="xs" c="dimmed">{h.path}{h.modifiedAt ? ` · ${new Date(h.modifiedAt).toLocaleDateString()}` : ''}</Text>
                {h.passages.map((p) => (
                  <Text key={p.chunkIndex} size="sm" mt={6}>
                    {p.context && <Text span c="dimmed" size="xs">{p.context} — </Text>}
                    {/* The server escapes the passage and only adds <mark> around matches. */}
                    <span dangerouslySetInnerHTML={{ __html: p.snippet }} />
                  </Text>
                ))}
              </Card>
            ))}
            {results.data.hits.length === 0 && <Text c="dimmed">Nothing found. Try fewer or other words, or remove filters.</Text>}
          </Stack>
        </section>
      )}

      <section aria-label="Sources">
        <Title order={2} size="h3" mb="sm">Sources</Title>
        {sourceList.data?.connections.length ? (
          <Table striped data-testid="memory-sources">
            <Table.Thead>
              <Table.Tr><Table.Th>Source</Table.Th><Table.Th>Account</Table.Th><Table.Th>Status</Table.Th><Table.Th>Last sync</Table.Th><Table.Th /></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sourceList.data.connections.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td><Badge color={sourceColor[c.kind] ?? 'gray'} variant="light" mr="xs">{sourceLabel[c.kind] ?? c.kind}</Badge>{c.name}</Table.Td>
                  <Table.Td>{c.accountEmail ?? '—'}</Table.Td>
                  <Table.Td><Badge color={c.status === 'error' ? 'red' : c.status === 'syncing' ? 'blue' : 'gray'}>{c.status}</Badge>{c.lastError && <Text size="xs" c="red">{c.lastError}</Text>}</Table.Td>
                  <Table.Td>{c.lastSyncFinishedAt ? new Date(c.lastSyncFinishedAt).toLocaleString() : 'never'}</Table.Td>
                  <Table.Td>{(c.kind === 'google_drive' || c.kind === 'onedrive') && <Button size="xs" variant="light" loading={sync.isPending && sync.variables === c.id} onClick={() => sync.mutate(c.id)}>Sync now</Button>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text c="dimmed">{sourceList.isLoading ? 'Loading…' : 'No sources yet: upload files through the API or run `atom memory import <folder>`.'}</Text>
        )}
      </section>

      {stats.data && (
        <section aria-label="Memory analytics">
          <Title order={2} size="h3" mb="sm">At a glance</Title>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Card withBorder><Text size="xs" c="dimmed">Documents</Text><Text fw={700} size="xl">{stats.data.totals.documents}</Text></Card>
            <Card withBorder><Text size="xs" c="dimmed">Passages</Text><Text fw={700} size="xl">{stats.data.totals.chunks}</Text></Card>
            <Card withBorder><Text size="xs" c="dimmed">Skipped files</Text><Text fw={700} size="xl">{stats.data.totals.failed}</Text></Card>
            <Card withBorder><Text size="xs" c="dimmed">Search p95 (24 h)</Text><Text fw={700} size="xl">{stats.data.search.latencyMs.p95} ms</Text></Card>
          </SimpleGrid>
          {stats.data.failures.recent.length > 0 && (
            <Table mt="md" data-testid="memory-failures">
              <Table.Thead><Table.Tr><Table.Th>Skipped file</Table.Th><Table.Th>Reason</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {stats.data.failures.recent.map((f) => (
                  <Table.Tr key={`${f.name}-${f.code}`}><Table.Td>{f.name}</Table.Td><Table.Td><Badge variant="outline" mr="xs">{f.code.replace('memory.extract.', '')}</Badge>{f.reason}</Table.Td></Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {stats.data.search.zeroResultQueries.length > 0 && (
            <Text size="sm" mt="md">Searches that found nothing: {stats.data.search.zeroResultQueries.map((z) => `“${z.query}” (${z.count})`).join(', ')}</Text>
          )}
        </section>
      )}
    </Stack>
  );
}
