import { Badge, Button, Card, Group, NativeSelect, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { JobProgress } from './JobProgress';
import { addSource, fetchServiceConnections, fetchSources, forgetSource, sourceBadge, sourceLabel, startConnect, syncableKinds, syncSource, type SyncableKind } from './memoryApi';

const kindOfService = (service: string): SyncableKind | undefined => (Object.entries(syncableKinds) as [SyncableKind, string][]).find(([, s]) => s === service)?.[0];
const lag = (s: number | null) => (s === null ? 'never synced' : s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`);

/** Adding a Drive / OneDrive source from a connected account (or connecting one first), and every source's sync status. */
export function SourcesPanel() {
  const client = useQueryClient();
  const [params] = useSearchParams();
  const sources = useQuery({ queryKey: ['memory', 'sources'], queryFn: fetchSources, refetchInterval: 3000 });
  const services = useQuery({ queryKey: ['memory', 'service-connections'], queryFn: fetchServiceConnections });
  const usable = (services.data?.items ?? []).filter((c) => kindOfService(c.service));
  const [picked, setPicked] = useState<string>(params.get('connection') ?? '');
  const [confirmForget, setConfirmForget] = useState<string | null>(null);
  const chosen = usable.find((c) => c.id === picked) ?? (picked ? undefined : usable[0]);
  const invalidate = () => void client.invalidateQueries({ queryKey: ['memory'] });

  const add = useMutation({
    // The source's account is the one its provider verified for the connection; nothing is typed in.
    mutationFn: () => addSource({ kind: kindOfService(chosen!.service)!, integrationConnectionId: chosen!.id }),
    onSuccess: invalidate,
  });
  const connect = useMutation({
    mutationFn: (service: string) => startConnect(service, '/memory?tab=sources'),
    onSuccess: (r) => window.location.assign(r.authorizationUrl),
  });
  const sync = useMutation({ mutationFn: syncSource, onSettled: invalidate });
  const forget = useMutation({ mutationFn: forgetSource, onSuccess: () => { setConfirmForget(null); invalidate(); } });

  return (
    <Stack gap="lg">
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">Add a source</Title>
        <Text size="sm" c="dimmed" mb="sm">Atom syncs a Google Drive or OneDrive account you connected, on a schedule and whenever you press “Sync now”. Search shows you the files your own connected account may open there.</Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) add.mutate();
          }}
        >
          <Group align="end" wrap="wrap">
            <NativeSelect
              label="Connected account"
              data={usable.length ? usable.map((c) => ({ value: c.id, label: `${c.label}${c.accountLabel ? ` (${c.accountLabel})` : ''}` })) : [{ value: '', label: 'No Google Drive or OneDrive connection yet' }]}
              value={chosen?.id ?? ''}
              onChange={(e) => setPicked(e.currentTarget.value)}
              data-testid="source-connection"
            />
            <Button type="submit" disabled={!chosen} loading={add.isPending}>Add source</Button>
          </Group>
        </form>
        {add.error && <Text c="red.8" size="sm" mt="xs" role="alert">{add.error.message}</Text>}
        <Group mt="sm" gap="xs">
          <Text size="sm">Not connected yet?</Text>
          <Button size="xs" variant="light" onClick={() => connect.mutate('google-drive')} loading={connect.isPending && connect.variables === 'google-drive'}>Connect Google Drive</Button>
          <Button size="xs" variant="light" onClick={() => connect.mutate('onedrive')} loading={connect.isPending && connect.variables === 'onedrive'}>Connect OneDrive</Button>
        </Group>
        {connect.error && <Text c="red.8" size="sm" mt="xs" role="alert">{connect.error.message}</Text>}
      </Card>

      <section aria-labelledby="sources-title">
        <Title order={2} size="h4" mb="sm" id="sources-title">Sources</Title>
        {sources.data?.connections.length ? (
          <Table data-testid="memory-sources" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr><Table.Th>Source</Table.Th><Table.Th>Account</Table.Th><Table.Th>Status</Table.Th><Table.Th>Last sync</Table.Th><Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sources.data.connections.map((c) => {
                const syncable = c.kind === 'google_drive' || c.kind === 'onedrive';
                return (
                  <Table.Tr key={c.id} data-source-row={c.name}>
                    <Table.Td>
                      <Badge {...sourceBadge(c.kind)} mr="xs">{sourceLabel[c.kind] ?? c.kind}</Badge>
                      {c.name}
                      {c.syncJobId && <div style={{ marginTop: 8 }}><JobProgress jobId={c.syncJobId} onFinished={invalidate} /></div>}
                    </Table.Td>
                    <Table.Td>{c.accountEmail ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color={c.status === 'error' ? 'red.9' : c.status === 'syncing' ? 'blue.9' : 'gray.9'} data-testid="source-status">{c.status}</Badge>
                      {c.lastError && <Text size="xs" c="red.8">{c.lastError}</Text>}
                    </Table.Td>
                    <Table.Td>{lag(c.syncLagSeconds)}</Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        {syncable && (
                          <Button size="xs" variant="light" loading={sync.isPending && sync.variables === c.id} onClick={() => sync.mutate(c.id)} aria-label={`Sync now: ${c.name}`}>Sync now</Button>
                        )}
                        {confirmForget === c.id ? (
                          <>
                            <Button size="xs" color="red" loading={forget.isPending} onClick={() => forget.mutate(c.id)}>Forget everything</Button>
                            <Button size="xs" variant="default" onClick={() => setConfirmForget(null)}>Keep</Button>
                          </>
                        ) : (
                          <Button size="xs" variant="subtle" color="red" onClick={() => setConfirmForget(c.id)} aria-label={`Forget this connection: ${c.name}`}>Forget this connection</Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        ) : (
          <Text c="dimmed">{sources.isLoading ? 'Loading…' : 'No sources yet.'}</Text>
        )}
        {sync.error && <Text c="red.8" size="sm" mt="xs" role="alert">{sync.error.message}</Text>}
        {forget.data && <Text size="sm" mt="xs" role="status">Forgotten: {forget.data.forgottenDocuments} documents and everything about them.</Text>}
      </section>
    </Stack>
  );
}
