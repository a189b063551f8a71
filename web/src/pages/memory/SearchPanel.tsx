import { Anchor, Badge, Button, Card, Chip, Fieldset, Group, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DocumentPreview } from './DocumentPreview';
import { fileTypes, searchMemory, sourceBadge, sourceLabel, type SearchFilters } from './memoryApi';

const noFilters: SearchFilters = { sources: [], types: [], after: '', before: '' };

/** One query across every source, with source, type and date filters; each hit links to its places and opens a preview. */
export function SearchPanel() {
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<SearchFilters>(noFilters);
  const [previewId, setPreviewId] = useState<string | null>(null);
  const results = useQuery({ queryKey: ['memory', 'search', q, filters], queryFn: () => searchMemory(q, filters), enabled: q.trim() !== '' });
  const set = <K extends keyof SearchFilters>(k: K, v: SearchFilters[K]) => setFilters((f) => ({ ...f, [k]: v }));

  return (
    <Stack gap="lg">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(input);
        }}
      >
        <Group align="end">
          <TextInput label="Search your documents" placeholder="e.g. wing flutter test results" value={input} onChange={(e) => setInput(e.currentTarget.value)} style={{ flex: 1 }} data-testid="memory-search" />
          <Button type="submit">Search</Button>
        </Group>
        <Fieldset legend="Filters" mt="sm" variant="unstyled">
          <Stack gap="xs">
            <Group gap="xs" role="group" aria-label="Sources">
              <Text size="sm" w={70}>Sources</Text>
              <Chip.Group multiple value={filters.sources} onChange={(v) => set('sources', v)}>
                {Object.entries(sourceLabel).map(([k, v]) => (
                  <Chip key={k} value={k} size="xs">{v}</Chip>
                ))}
              </Chip.Group>
            </Group>
            <Group gap="xs" role="group" aria-label="Types">
              <Text size="sm" w={70}>Types</Text>
              <Chip.Group multiple value={filters.types} onChange={(v) => set('types', v)}>
                {fileTypes.map((t) => (
                  <Chip key={t} value={t} size="xs" variant="outline">{t}</Chip>
                ))}
              </Chip.Group>
            </Group>
            <Group gap="sm" align="end">
              <TextInput type="date" label="Modified from" size="xs" value={filters.after} onChange={(e) => set('after', e.currentTarget.value)} />
              <TextInput type="date" label="Modified until" size="xs" value={filters.before} onChange={(e) => set('before', e.currentTarget.value)} />
              {(filters.sources.length > 0 || filters.types.length > 0 || filters.after || filters.before) && (
                <Button size="xs" variant="subtle" onClick={() => setFilters(noFilters)}>Clear filters</Button>
              )}
            </Group>
          </Stack>
        </Fieldset>
      </form>

      {results.error && <Text c="red.8" role="alert">{results.error.message}</Text>}
      {results.data && (
        <section aria-label="Results" data-testid="memory-results">
          <Text c="dimmed" size="sm" mb="xs" aria-live="polite">{results.data.hits.length} documents in {results.data.tookMs} ms</Text>
          <Stack gap="sm">
            {results.data.hits.map((h) => (
              <Card key={h.documentId} withBorder padding="md" data-testid="memory-hit">
                <Group justify="space-between" wrap="nowrap" align="start">
                  <div>
                    <Text fw={600} component="h3" size="md" m={0}>{h.title}</Text>
                    <Text size="xs" c="dimmed">{h.path}{h.modifiedAt ? ` · ${new Date(h.modifiedAt).toLocaleDateString()}` : ''}</Text>
                  </div>
                  <Group gap={4} wrap="nowrap">
                    {h.locations.map((l) =>
                      l.url ? (
                        <Anchor key={l.documentId} href={l.url} target="_blank" rel="noreferrer" aria-label={`Open ${l.title} in ${sourceLabel[l.source] ?? l.source}`}>
                          <Badge {...sourceBadge(l.source)} style={{ cursor: 'pointer' }}>{sourceLabel[l.source] ?? l.source}</Badge>
                        </Anchor>
                      ) : (
                        <Badge key={l.documentId} {...sourceBadge(l.source)}>{sourceLabel[l.source] ?? l.source}</Badge>
                      ),
                    )}
                    <Button size="xs" variant="light" onClick={() => setPreviewId(h.documentId)} aria-label={`Preview ${h.title}`}>Preview</Button>
                  </Group>
                </Group>
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
      <DocumentPreview documentId={previewId} query={q} onClose={() => setPreviewId(null)} />
    </Stack>
  );
}
