import { ActionIcon, Badge, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { VirtualList } from '../../components/VirtualList';
import { DocumentPreview } from './DocumentPreview';
import { deleteDocument, formatBytes, listDocuments, sourceBadge, sourceLabel, type MemoryDocument } from './memoryApi';
import { UploadForm } from './UploadForm';

/** Every remembered document (pages of 500, only visible rows in the DOM), with preview and delete; uploads on top. */
export function DocumentsPanel() {
  const client = useQueryClient();
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const docs = useInfiniteQuery({
    queryKey: ['memory', 'documents'],
    queryFn: ({ pageParam }) => listDocuments(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
  });
  const items = docs.data?.pages.flatMap((p) => p.documents) ?? [];
  const remove = useMutation({
    mutationFn: deleteDocument,
    onSuccess: () => {
      setConfirming(null);
      void client.invalidateQueries({ queryKey: ['memory'] });
    },
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['memory'] });

  const row = (d: MemoryDocument) => (
    <Group justify="space-between" wrap="nowrap" px="sm" py={6} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }} data-document-row={d.id}>
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>{d.title}</Text>
        <Text size="xs" c="dimmed" truncate>
          {d.path ?? ''} · {formatBytes(d.sizeBytes)} · {d.chunkCount} passages{d.indexedAt ? ` · ${new Date(d.indexedAt).toLocaleString()}` : ''}
          {d.failure ? ` · skipped: ${d.failure.reason}` : ''}
        </Text>
      </div>
      <Group gap={6} wrap="nowrap">
        <Badge {...sourceBadge(d.source)}>{sourceLabel[d.source] ?? d.source}</Badge>
        {d.status !== 'indexed' && <Badge color="red.9" variant="outline">{d.status}</Badge>}
        <Button size="compact-xs" variant="light" onClick={() => setPreviewId(d.id)} aria-label={`Preview ${d.title}`} disabled={d.status !== 'indexed'}>Preview</Button>
        {confirming === d.id ? (
          <>
            <Button size="compact-xs" color="red" loading={remove.isPending} onClick={() => remove.mutate(d.id)}>Delete for good</Button>
            <Button size="compact-xs" variant="default" onClick={() => setConfirming(null)}>Keep</Button>
          </>
        ) : (
          <Tooltip label="Forget this document">
            <ActionIcon variant="subtle" color="red" aria-label={`Delete ${d.title}`} onClick={() => setConfirming(d.id)}>✕</ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Group>
  );

  return (
    <Stack gap="md">
      <UploadForm onUploaded={refresh} />
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="documents-count" aria-live="polite">
          {docs.isLoading ? 'Loading…' : `${items.length}${docs.hasNextPage ? '+' : ''} documents`}
        </Text>
        <Button size="xs" variant="subtle" onClick={refresh}>Refresh</Button>
      </Group>
      {remove.error && <Text c="red.8" size="sm" role="alert">{remove.error.message}</Text>}
      {items.length > 0 ? (
        <VirtualList
          items={items}
          rowHeight={52}
          height={480}
          label="Documents"
          getKey={(d) => d.id}
          renderRow={(d) => row(d)}
          onEndReached={() => {
            if (docs.hasNextPage && !docs.isFetchingNextPage) void docs.fetchNextPage();
          }}
        />
      ) : (
        !docs.isLoading && <Text c="dimmed">No documents yet: upload some above, or add a Google Drive or OneDrive source.</Text>
      )}
      <DocumentPreview documentId={previewId} query="" onClose={() => setPreviewId(null)} />
    </Stack>
  );
}
