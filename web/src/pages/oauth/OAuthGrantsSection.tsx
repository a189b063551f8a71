import { Button, Code, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatTime } from '../settings/AccessApi';
import { fetchGrants, revokeGrant } from './OAuthApi';

/** The MCP clients the person authorized through OAuth in this workspace, each revocable at once. */
export function OAuthGrantsSection() {
  const queryClient = useQueryClient();
  const grants = useQuery({ queryKey: ['oauth', 'grants'], queryFn: fetchGrants });
  const revoke = useMutation({ mutationFn: revokeGrant, onSettled: () => queryClient.invalidateQueries({ queryKey: ['oauth', 'grants'] }) });
  return (
    <Stack gap="sm">
      <Title order={2}>Authorized AI assistants</Title>
      <Text c="dimmed">MCP clients you allowed through OAuth. Each acts as you, with at most the role shown, only at Atom&apos;s MCP endpoint.</Text>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Client</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Endpoint</Table.Th>
            <Table.Th>Allowed</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {grants.data?.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text c="dimmed">None yet.</Text>
              </Table.Td>
            </Table.Tr>
          )}
          {grants.data?.map((g) => (
            <Table.Tr key={g.id}>
              <Table.Td>{g.clientName}</Table.Td>
              <Table.Td>{g.role}</Table.Td>
              <Table.Td>
                <Code>{g.resource}</Code>
              </Table.Td>
              <Table.Td>{formatTime(g.createdAt)}</Table.Td>
              <Table.Td>{formatTime(g.lastUsedAt)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(g.id)} aria-label={`Revoke ${g.clientName}`}>
                  Revoke
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
