import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { checkConnection, deleteConnection, fetchConnection, startOAuth, statusColor } from './integrationsApi';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** One connection: health (status, last success/error, error rate, latency), recent errors, reconnect, disconnect. */
export default function ConnectionPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: ['integrations', 'connection', id], queryFn: () => fetchConnection(id), refetchInterval: 30_000 });
  const check = useMutation({ mutationFn: () => checkConnection(id), onSettled: () => queryClient.invalidateQueries({ queryKey: ['integrations', 'connection', id] }) });
  const remove = useMutation({
    mutationFn: () => deleteConnection(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['integrations', 'connections'] });
      void navigate('/integrations');
    },
  });
  const reconnect = useMutation({
    mutationFn: () => startOAuth(detail.data!.connection.service, { label: detail.data!.connection.label, returnTo: '/integrations' }),
    onSuccess: (r) => window.location.assign(r.authorizationUrl),
  });
  if (detail.error) return <Alert color="red">{detail.error.message}</Alert>;
  if (!detail.data) return <Text>Loading…</Text>;
  const { connection: c, health: h, recentErrors } = detail.data;

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <div>
          <Title order={1}>{c.label}</Title>
          <Text c="dimmed">{c.serviceName}{c.accountLabel ? ` · ${c.accountLabel}` : ''}{c.personal ? ' · personal' : ''}</Text>
        </div>
        <Badge size="lg" variant="dot" color={statusColor[h.status]} data-testid="health-status">{h.status}</Badge>
      </Group>
      {h.needsReconnect && (
        <Alert color="orange" title="Sign in again" data-testid="needs-reconnect">
          {c.serviceName} no longer accepts this connection’s sign-in. Reconnect to keep workflows running.
          {c.authKind === 'oauth2' && <Button ml="md" size="xs" onClick={() => reconnect.mutate()} loading={reconnect.isPending}>Reconnect</Button>}
        </Alert>
      )}
      <Table data-testid="health">
        <Table.Tbody>
          <Table.Tr><Table.Th>Last success</Table.Th><Table.Td>{when(h.lastSuccessAt)}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th>Last error</Table.Th><Table.Td>{h.lastError ? `${when(h.lastErrorAt)} — ${h.lastError.message}` : '—'}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th>Error rate (last {h.calls} calls)</Table.Th><Table.Td>{Math.round(h.errorRate * 100)}%</Table.Td></Table.Tr>
          <Table.Tr><Table.Th>Average latency</Table.Th><Table.Td>{h.latencyMs === null ? '—' : `${h.latencyMs} ms`}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th>Last check</Table.Th><Table.Td>{when(h.checkedAt)}</Table.Td></Table.Tr>
        </Table.Tbody>
      </Table>
      <Group>
        <Button variant="light" onClick={() => check.mutate()} loading={check.isPending}>Check now</Button>
        <Button color="red" variant="light" onClick={() => remove.mutate()} loading={remove.isPending}>Disconnect</Button>
      </Group>
      {remove.error && <Alert color="red">{remove.error.message}</Alert>}
      <section aria-label="Recent errors">
        <Title order={2} size="h4" mb="xs">Recent errors</Title>
        {recentErrors.length === 0 ? (
          <Text c="dimmed">None.</Text>
        ) : (
          <Table data-testid="recent-errors">
            <Table.Tbody>
              {recentErrors.map((e, i) => (
                <Table.Tr key={`${e.at}-${i}`}><Table.Td>{when(e.at)}</Table.Td><Table.Td>{e.message}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
    </Stack>
  );
}
