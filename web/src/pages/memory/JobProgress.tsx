import { Alert, Group, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { fetchJob, formatEta, type Progress as JobState } from './memoryApi';

/** A running sync says where it is before it has files to count (waiting for a worker, listing changes). */
function statusText(j: JobState): string {
  if (j.status === 'finished') return 'Finished';
  if (j.status === 'failed') return 'Failed';
  if (j.phase === 'queued') return 'Waiting for a worker';
  if (j.total === 0 && (j.phase === 'listing' || j.phase === 'full' || j.phase === 'incremental')) return 'Listing changes';
  return 'Running';
}

/** Live progress of an ingest or sync job: done/total, current file, rate, ETA and skipped files. */
export function JobProgress({ jobId, onFinished }: { jobId: string; onFinished?: () => void }) {
  const job = useQuery({
    queryKey: ['memory-job', jobId],
    queryFn: () => fetchJob(jobId),
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 700 : false),
  });
  const j = job.data;
  const status = j?.status;
  // Told once the job ends (the caller refreshes its lists; this query is not among them).
  useEffect(() => {
    if (status && status !== 'running') onFinished?.();
  }, [status]);
  if (!j) return null;
  const pct = j.total > 0 ? Math.round((j.done / j.total) * 100) : j.status === 'running' ? 0 : 100;
  return (
    <Stack gap={4} data-testid="job-progress" data-status={j.status}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={500}>{j.label}</Text>
        <Text size="sm" aria-live="polite">
          {statusText(j)} · {j.done}/{j.total} files
        </Text>
      </Group>
      <Progress value={pct} aria-label={`${j.label}: ${j.done} of ${j.total} files`} animated={j.status === 'running'} color={j.status === 'failed' ? 'red' : undefined} />
      <Text size="xs" c="dimmed">
        {j.indexed} indexed · {j.unchanged} unchanged · {j.failed} skipped · {j.rate} files/s · ETA {j.status === 'running' ? formatEta(j.etaSeconds) : '—'}
        {j.currentFile ? ` · now: ${j.currentFile}` : ''}
      </Text>
      {j.error && <Alert color="red" p="xs">{j.error}</Alert>}
      {j.failures.length > 0 && (
        <Text size="xs" c="red.8">
          Skipped: {j.failures.slice(0, 5).map((f) => `${f.name} (${f.reason})`).join('; ')}
          {j.failures.length > 5 ? ` and ${j.failures.length - 5} more` : ''}
        </Text>
      )}
    </Stack>
  );
}
