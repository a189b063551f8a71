import { Alert, Button, Card, Group, Loader, NumberInput, Stack, Switch, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchPreview, fetchRetention, runPurge, setKeepDays, setLegalHold, type RetentionClassPolicy, type RetentionPreview } from './RetentionApi';

function PolicyRow({ policy }: { policy: RetentionClassPolicy }) {
  const client = useQueryClient();
  const [forever, setForever] = useState(policy.keepDays === null);
  const [days, setDays] = useState<number | string>(policy.keepDays ?? Math.max(policy.minimumDays, 365));
  const save = useMutation({
    mutationFn: () => setKeepDays(policy.name, forever ? null : Number(days)),
    onSuccess: (settings) => {
      client.setQueryData(['retention'], settings);
      void client.invalidateQueries({ queryKey: ['retention-preview'] });
    },
  });
  const dirty = forever ? policy.keepDays !== null : Number(days) !== policy.keepDays;
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={500}>{policy.label}</Text>
        <Text size="xs" c="dimmed">
          {policy.description}
        </Text>
      </Table.Td>
      <Table.Td>
        <Switch label="Keep forever" checked={forever} onChange={(e) => setForever(e.currentTarget.checked)} aria-label={`Keep ${policy.label} forever`} />
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={`Days to keep ${policy.label}`}
          suffix=" days"
          min={policy.minimumDays}
          max={36500}
          disabled={forever}
          value={days}
          onChange={setDays}
          w={140}
          error={save.error?.message}
        />
      </Table.Td>
      <Table.Td>
        <Button size="xs" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()}>
          Save
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

function PreviewCard({ legalHold }: { legalHold: boolean }) {
  const client = useQueryClient();
  const preview = useQuery({ queryKey: ['retention-preview'], queryFn: fetchPreview });
  const purge = useMutation({
    mutationFn: (p: RetentionPreview) => runPurge(p.asOf),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['retention-preview'] });
      void client.invalidateQueries({ queryKey: ['retention'] });
    },
  });
  const total = preview.data?.classes.reduce((n, c) => n + c.total, 0) ?? 0;
  return (
    <Card withBorder mt="lg">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Dry run
        </Title>
        <Button variant="default" size="xs" onClick={() => void preview.refetch()} loading={preview.isFetching}>
          Refresh
        </Button>
      </Group>
      {preview.isPending && <Loader size="sm" mt="sm" />}
      {preview.data && (
        <>
          <Table mt="sm" aria-label="What a purge would remove now">
            <Table.Tbody>
              {preview.data.classes.map((c) => (
                <Table.Tr key={c.name}>
                  <Table.Td>{c.label}</Table.Td>
                  <Table.Td>{c.keepDays === null ? 'kept forever' : `older than ${new Date(c.cutoff ?? '').toLocaleDateString()}`}</Table.Td>
                  <Table.Td>{c.total} to remove</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group mt="sm">
            <Button
              color="red"
              disabled={legalHold || total === 0}
              loading={purge.isPending}
              onClick={() => {
                if (window.confirm(`Permanently remove ${total} items now?`)) purge.mutate(preview.data);
              }}
            >
              Purge now
            </Button>
            {legalHold && <Text size="sm">Purges are suspended by the legal hold.</Text>}
          </Group>
        </>
      )}
      {purge.data && (
        <Alert color="green" mt="sm" title="Purge finished">
          {purge.data.classes.map((c) => `${c.name}: ${c.deleted} removed`).join(' · ') || 'Nothing to remove.'}
        </Alert>
      )}
      {purge.error && (
        <Alert color="red" mt="sm" title="Purge refused">
          {purge.error.message}
        </Alert>
      )}
    </Card>
  );
}

function LegalHoldCard({ enabled, reason }: { enabled: boolean; reason: string | null }) {
  const client = useQueryClient();
  const [text, setText] = useState(reason ?? '');
  const toggle = useMutation({
    mutationFn: (on: boolean) => setLegalHold(on, text.trim() || undefined),
    onSuccess: (settings) => {
      client.setQueryData(['retention'], settings);
      void client.invalidateQueries({ queryKey: ['retention-preview'] });
    },
  });
  return (
    <Card withBorder mt="lg">
      <Title order={2} size="h4">
        Legal hold
      </Title>
      <Text size="sm" c="dimmed">
        While on, nothing in this workspace is purged, whatever the periods say.
      </Text>
      <Stack mt="sm" gap="xs">
        <Textarea label="Reason (shown in the audit log)" value={text} onChange={(e) => setText(e.currentTarget.value)} maxLength={500} autosize minRows={1} />
        <Switch
          label={enabled ? 'Legal hold is on' : 'Legal hold is off'}
          checked={enabled}
          disabled={toggle.isPending}
          onChange={(e) => toggle.mutate(e.currentTarget.checked)}
        />
        {toggle.error && <Text c="red">{toggle.error.message}</Text>}
      </Stack>
    </Card>
  );
}

/** " — audit: 17 removed · chat: 0 removed" from the stored purge report (shape checked, as it is JSON). */
function describePurge(summary: unknown): string {
  const classes = (summary as { classes?: unknown } | null)?.classes;
  if (!Array.isArray(classes)) return '';
  const parts = classes
    .filter((c): c is { name: string; deleted: number; failed?: boolean } => typeof c === 'object' && c !== null && 'name' in c && 'deleted' in c)
    .map((c) => `${c.name}: ${c.deleted} removed${c.failed ? ' (failed, will retry)' : ''}`);
  const held = (summary as { heldBack?: boolean }).heldBack ? ' (stopped by the legal hold)' : '';
  return parts.length ? ` — ${parts.join(' · ')}${held}` : held;
}

/** Settings → Retention: how long each kind of data is kept, the legal hold, a dry run and purge. */
export default function RetentionPage() {
  const settings = useQuery({ queryKey: ['retention'], queryFn: fetchRetention });
  return (
    <>
      <Title order={1}>Retention</Title>
      <Text c="dimmed" mt={4}>
        How long this workspace keeps each kind of data. Older items are removed by a scheduled purge; every purge is recorded in the audit log.
      </Text>
      {settings.isPending && <Loader mt="lg" />}
      {settings.error && (
        <Alert color="red" mt="lg" title="Could not load retention settings">
          {settings.error.message}
        </Alert>
      )}
      {settings.data && (
        <>
          <Table mt="lg" aria-label="Retention periods">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Data</Table.Th>
                <Table.Th>Forever</Table.Th>
                <Table.Th>Keep for</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {settings.data.classes.map((c) => (
                <PolicyRow key={`${c.name}:${c.keepDays ?? 'forever'}`} policy={c} />
              ))}
            </Table.Tbody>
          </Table>
          <LegalHoldCard key={String(settings.data.legalHold.enabled)} enabled={settings.data.legalHold.enabled} reason={settings.data.legalHold.reason} />
          <PreviewCard legalHold={settings.data.legalHold.enabled} />
          <Text size="sm" c="dimmed" mt="md">
            {settings.data.lastPurge ? `Last purge: ${new Date(settings.data.lastPurge.at).toLocaleString()}${describePurge(settings.data.lastPurge.summary)}` : 'No purge has run yet.'}
          </Text>
        </>
      )}
    </>
  );
}
