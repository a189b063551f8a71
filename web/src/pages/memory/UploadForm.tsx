import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type DragEvent } from 'react';
import { JobProgress } from './JobProgress';
import { uploadFiles } from './memoryApi';

/**
 * Upload many files at once: pick them or drop them on the area. A native file input and drop target
 * (no extra dependency), keyboard-reachable through the "Choose files" button.
 */
export function UploadForm({ onUploaded }: { onUploaded: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [jobs, setJobs] = useState<string[]>([]);
  const upload = useMutation({
    mutationFn: uploadFiles,
    onSuccess: (p) => setJobs((j) => [p.id, ...j].slice(0, 3)),
  });
  const send = (list: FileList | null) => {
    const files = list ? [...list] : [];
    if (files.length) upload.mutate(files);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    send(e.dataTransfer.files);
  };
  return (
    <Stack gap="sm">
      <Paper
        withBorder
        p="lg"
        radius="md"
        data-testid="upload-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={{ borderStyle: 'dashed', borderWidth: 2, background: dragging ? 'var(--mantine-color-blue-light)' : undefined }}
      >
        <Group justify="space-between" wrap="wrap">
          <div>
            <Text fw={600}>Add documents</Text>
            <Text size="sm" c="dimmed">Drop files here, or choose them: PDF, Word, Excel, PowerPoint, CSV, HTML, Markdown, text, JSON, e-mail.</Text>
          </div>
          <Button onClick={() => input.current?.click()} loading={upload.isPending}>Choose files</Button>
        </Group>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label="Files to upload"
          data-testid="upload-input"
          onChange={(e) => {
            send(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
      </Paper>
      {upload.error && <Text c="red.8" size="sm" role="alert">{upload.error.message}</Text>}
      {jobs.map((id) => (
        <JobProgress key={id} jobId={id} onFinished={onUploaded} />
      ))}
    </Stack>
  );
}
