import { Alert, Badge, Button, Code, CopyButton, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fetchMe, ME_QUERY_KEY } from '../auth/authApi';
import { changeRole, createInvitation, fetchInvitations, fetchMembers, fetchRoles, formatTime, removeMember, revokeInvitation } from './AccessApi';
import { RolesSection } from './RolesSection';

function InviteForm({ roles }: { roles: string[] }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [days, setDays] = useState<number>(7);
  const invite = useMutation({
    mutationFn: () => createInvitation({ ...(email ? { email } : {}), role, validDays: days }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['access', 'invitations'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Group align="flex-end">
        <TextInput label="Email (optional)" description="Only this address may use the link" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
        <Select label="Role" data={roles} value={role} onChange={(v) => setRole(v ?? 'member')} allowDeselect={false} />
        <NumberInput label="Valid for days" min={1} max={30} value={days} onChange={(v) => setDays(typeof v === 'number' ? v : 7)} w={130} />
        <Button type="submit" loading={invite.isPending}>
          Create invitation link
        </Button>
      </Group>
      {invite.error && (
        <Alert color="red" mt="sm">
          {invite.error.message}
        </Alert>
      )}
      {invite.data && (
        <Alert
          color="green"
          mt="sm"
          // The light variant draws the title in the accent colour on its own tint: too faint to read.
          title={<Text span fw={700} size="sm" c="var(--mantine-color-text)">Invitation link (shown once)</Text>}
        >
          <Group gap="xs" wrap="nowrap">
            <Code style={{ wordBreak: 'break-all' }}>{invite.data.url}</Code>
            <CopyButton value={invite.data.url}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
          </Group>
        </Alert>
      )}
    </form>
  );
}

export default function MembersPage() {
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe });
  const canManage = me.data?.workspace?.permissions.includes('members:manage') ?? false;
  const members = useQuery({ queryKey: ['access', 'members'], queryFn: fetchMembers });
  const roles = useQuery({ queryKey: ['access', 'roles'], queryFn: fetchRoles });
  const invitations = useQuery({ queryKey: ['access', 'invitations'], queryFn: fetchInvitations, enabled: canManage });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['access'] });
  const setRole = useMutation({ mutationFn: (v: { userId: string; role: string }) => changeRole(v.userId, v.role), onSettled: refresh });
  const remove = useMutation({ mutationFn: removeMember, onSettled: refresh });
  const revoke = useMutation({ mutationFn: revokeInvitation, onSettled: refresh });
  const roleNames = [...(roles.data?.builtIn.map((r) => r.name) ?? []), ...(roles.data?.custom.map((r) => r.name) ?? [])];
  const actionError = setRole.error ?? remove.error ?? revoke.error;

  return (
    <Stack gap="xl">
      <div>
        <Title order={1}>Members and roles</Title>
        <Text c="dimmed" mt="xs">
          Who belongs to {me.data?.workspace?.name ?? 'this workspace'} and what each role may do.
        </Text>
      </div>
      {actionError && <Alert color="red">{actionError.message}</Alert>}
      <section aria-labelledby="members-heading">
        <Title order={2} size="h3" id="members-heading" mb="sm">
          Members
        </Title>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Joined</Table.Th>
              {canManage && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data?.map((m) => (
              <Table.Tr key={m.userId}>
                <Table.Td>
                  {m.name} {m.userId === me.data?.user.id && <Badge variant="light">you</Badge>}
                </Table.Td>
                <Table.Td>{m.email}</Table.Td>
                <Table.Td>
                  {canManage ? (
                    <Select
                      aria-label={`Role of ${m.name}`}
                      data={roleNames}
                      value={m.role}
                      allowDeselect={false}
                      onChange={(role) => role && role !== m.role && setRole.mutate({ userId: m.userId, role })}
                      w={160}
                    />
                  ) : (
                    m.role
                  )}
                </Table.Td>
                <Table.Td>{formatTime(m.joinedAt)}</Table.Td>
                {canManage && (
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(m.userId)} aria-label={`Remove ${m.name}`}>
                      Remove
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
      {canManage && (
        <section aria-labelledby="invite-heading">
          <Title order={2} size="h3" id="invite-heading" mb="sm">
            Invitations
          </Title>
          <InviteForm roles={roleNames} />
          {(invitations.data?.length ?? 0) > 0 && (
            <Table mt="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>For</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invitations.data?.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>{i.email ?? 'anyone with the link'}</Table.Td>
                    <Table.Td>{i.role}</Table.Td>
                    <Table.Td>{formatTime(i.expiresAt)}</Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(i.id)}>
                        Revoke
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </section>
      )}
      {roles.data && <RolesSection catalog={roles.data} canManage={canManage} />}
    </Stack>
  );
}
