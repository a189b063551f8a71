import { Alert, Button, Code, CopyButton, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fetchMe, ME_QUERY_KEY } from '../auth/authApi';
import { OAuthGrantsSection } from '../oauth/OAuthGrantsSection';
import { createToken, deleteToken, fetchRoles, fetchTokens, formatTime } from './AccessApi';

const expiryChoices = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
];

export default function TokensPage() {
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe });
  const tokens = useQuery({ queryKey: ['access', 'tokens'], queryFn: fetchTokens });
  const roles = useQuery({ queryKey: ['access', 'roles'], queryFn: fetchRoles });
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const [expiry, setExpiry] = useState('90');
  const create = useMutation({
    mutationFn: () => createToken({ name, ...(role ? { role } : {}), expiresInDays: expiry === 'never' ? null : Number(expiry) }),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['access', 'tokens'] });
    },
  });
  const remove = useMutation({ mutationFn: deleteToken, onSettled: () => queryClient.invalidateQueries({ queryKey: ['access', 'tokens'] }) });
  const roleNames = [...(roles.data?.builtIn.map((r) => r.name) ?? []), ...(roles.data?.custom.map((r) => r.name) ?? [])];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <Stack gap="xl">
      <div>
        <Title order={1}>API tokens</Title>
        <Text c="dimmed" mt="xs">
          Personal tokens for scripts and integrations in {me.data?.workspace?.name ?? 'this workspace'}. Send one as{' '}
          <Code>Authorization: Bearer atom_…</Code>. A token never does more than you may.
        </Text>
      </div>
      <form onSubmit={submit}>
        <Group align="flex-end">
          <TextInput label="Token name" required value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="e.g. CI deploys" />
          <Select label="Role" placeholder={`Your role (${me.data?.workspace?.role ?? '…'})`} data={roleNames} value={role} onChange={setRole} clearable />
          <Select label="Expires" data={expiryChoices} value={expiry} onChange={(v) => setExpiry(v ?? '90')} allowDeselect={false} w={140} />
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            Create token
          </Button>
        </Group>
      </form>
      {create.error && <Alert color="red">{create.error.message}</Alert>}
      {create.data && (
        <Alert color="green.9" title="Copy your new token now: it will not be shown again" data-testid="new-token">
          <Group gap="xs" wrap="nowrap">
            <Code style={{ wordBreak: 'break-all' }}>{create.data.token}</Code>
            <CopyButton value={create.data.token}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
          </Group>
        </Alert>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Token</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.data?.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={7}>
                <Text c="dimmed">No tokens yet.</Text>
              </Table.Td>
            </Table.Tr>
          )}
          {tokens.data?.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>{t.name}</Table.Td>
              <Table.Td>
                <Code>{t.prefix}…</Code>
              </Table.Td>
              <Table.Td>{t.role}</Table.Td>
              <Table.Td>{formatTime(t.createdAt)}</Table.Td>
              <Table.Td>{formatTime(t.lastUsedAt)}</Table.Td>
              <Table.Td>{t.expiresAt ? formatTime(t.expiresAt) : 'never'}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(t.id)} aria-label={`Delete token ${t.name}`}>
                  Delete
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <OAuthGrantsSection />
    </Stack>
  );
}
