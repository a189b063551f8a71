import { Anchor, Badge, Group, Loader, Modal, Paper, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Presence } from '../../components/Presence';
import { fetchPreview, formatBytes, sourceBadge, sourceLabel } from './memoryApi';

/** A document's passages in order, the ones matching the search marked and the first of them scrolled into view. */
export function DocumentPreview({ documentId, query, onClose }: { documentId: string | null; query: string; onClose: () => void }) {
  const preview = useQuery({ queryKey: ['memory', 'preview', documentId, query], queryFn: () => fetchPreview(documentId!, query), enabled: documentId !== null });
  const firstMatch = useRef<HTMLDivElement>(null);
  useEffect(() => {
    firstMatch.current?.scrollIntoView({ block: 'center' });
  }, [preview.data]);
  const d = preview.data?.document;
  const firstMatched = preview.data?.passages.findIndex((p) => p.matched) ?? -1;
  return (
    <Modal opened={documentId !== null} onClose={onClose} title={d?.title ?? 'Document'} size="xl" data-testid="document-preview" closeButtonProps={{ 'aria-label': 'Close the preview' }}>
      {preview.isLoading && <Loader size="sm" aria-label="Loading the document" />}
      {preview.error && <Text c="red.8" role="alert">{preview.error.message}</Text>}
      {d && preview.data && (
        <Stack gap="sm">
          <Group gap="xs">
            <Badge {...sourceBadge(d.source)}>{sourceLabel[d.source] ?? d.source}</Badge>
            <Text size="sm" c="dimmed">{d.path ?? d.title} · {formatBytes(d.sizeBytes)} · {d.chunkCount} passages{d.modifiedAt ? ` · modified ${new Date(d.modifiedAt).toLocaleDateString()}` : ''}</Text>
            {d.url && <Anchor href={d.url} target="_blank" rel="noreferrer" size="sm">Open at the source</Anchor>}
            {documentId && <Presence kind="document" id={documentId} />}
          </Group>
          {preview.data.passages.length === 0 && <Text c="dimmed">No text was extracted from this document.</Text>}
          {preview.data.passages.map((p, i) => (
            <Paper
              key={p.chunkIndex}
              ref={i === firstMatched ? firstMatch : undefined}
              withBorder={p.matched}
              p="sm"
              bg={p.matched ? 'yellow.0' : undefined}
              data-testid={p.matched ? 'preview-match' : 'preview-passage'}
              aria-label={p.matched ? 'Matching passage' : undefined}
            >
              {p.context && <Text size="xs" c="dimmed" mb={4}>{p.context}</Text>}
              {/* Escaped by the server, which only adds <mark> around the matches. */}
              <Text size="sm" dangerouslySetInnerHTML={{ __html: p.html }} />
            </Paper>
          ))}
        </Stack>
      )}
    </Modal>
  );
}
