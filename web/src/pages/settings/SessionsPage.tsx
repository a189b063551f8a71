import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { forgetCachedData } from '../auth/authApi';
import { endAllSessions, endSession, fetchSessions, formatTime } from './AccessApi';

/** A short, readable name for a browser from its user agent. */
function browserOf(ua: string | null): string {
  if (!ua) return 'Unknown client';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : ua.split(' ')[0] ?? ua;
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}

export default function SessionsPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery({ queryKey: ['access', 'sessions'], queryFn: fetchSessions });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['access', 'sessions'] });
  const end = useMutation({ mutationFn: endSession, onSettled: refresh });
  const endOthers = useMutation({ mutationFn: () => endAllSessions(true), onSettled: refresh });
  const endEverywhere = useMutation({
    mutationFn: () => endAllSessions(false),
    onSettled: async () => {
      await forgetCachedData();
      queryClient.clear();
      void navigate('/sign-in', { replace: true });
    },
  });
  const error = end.error ?? endOthers.error;
  return (
    <Stack gap="xl">
      <div>
        <Title order={1}>Sessions</Title>
        <Text c="dimmed" mt="xs">
          Where you are signed in. End any session you do not recognise.
        </Text>
      </div>
      <Group>
        <Button variant="default" onClick={() => endOthers.mutate()} loading={endOthers.isPending}>
          Sign out other sessions
        </Button>
        <Button color="red" variant="light" onClick={() => endEverywhere.mutate()} loading={endEverywhere.isPending}>
          Sign out everywhere
        </Button>
      </Group>
      {error && <Alert color="red">{error.message}</Alert>}
      {endOthers.data && <Alert color="green.9">{endOthers.data.revoked} other session(s) ended.</Alert>}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Client</Table.Th>
            <Table.Th>IP address</Table.Th>
            <Table.Th>Signed in</Table.Th>
            <Table.Th>Last active</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sessions.data?.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                {browserOf(s.userAgent)} {s.current && <Badge variant="light">this browser</Badge>}
                <Text size="xs" c="dimmed">
                  {s.method === 'oidc' ? 'single sign-on' : 'password'}
                </Text>
              </Table.Td>
              <Table.Td>{s.ip ?? '—'}</Table.Td>
              <Table.Td>{formatTime(s.createdAt)}</Table.Td>
              <Table.Td>{formatTime(s.lastSeenAt)}</Table.Td>
              <Table.Td>
                {!s.current && (
                  <Button size="xs" variant="subtle" color="red" onClick={() => end.mutate(s.id)}>
                    End
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
