import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { fetchMe, ME_QUERY_KEY, signOut, switchWorkspace } from './authApi';

/** The signed-in person in the header: workspace switcher, settings links and sign-out. */
export function UserMenu() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 60_000 });
  const leave = useMutation({
    mutationFn: signOut,
    onSettled: () => {
      queryClient.clear();
      void navigate('/sign-in', { replace: true });
    },
  });
  const change = useMutation({
    mutationFn: switchWorkspace,
    onSuccess: () => queryClient.invalidateQueries(),
  });
  if (!me.data) return null;
  const { user, workspace, workspaces } = me.data;
  const initials = user.name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <Menu position="bottom-end" width={260}>
      <Menu.Target>
        <UnstyledButton title="Account menu">
          <Group gap={8} wrap="nowrap">
            <Avatar radius="xl" size="md" color="indigo" aria-hidden="true">
              {initials || '?'}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm">
              {user.name}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {user.name} · {user.email}
        </Menu.Label>
        {workspaces.length > 1 && (
          <>
            <Menu.Label>Workspace</Menu.Label>
            {workspaces.map((w) => (
              <Menu.Item key={w.id} onClick={() => change.mutate(w.id)} aria-current={w.id === workspace?.id ? 'true' : undefined}>
                {w.id === workspace?.id ? '✓ ' : ''}
                {w.name} ({w.role})
              </Menu.Item>
            ))}
            <Menu.Divider />
          </>
        )}
        <Menu.Item onClick={() => void navigate('/settings/account')}>Your account</Menu.Item>
        <Menu.Item onClick={() => void navigate('/settings/members')}>Members and roles</Menu.Item>
        <Menu.Item onClick={() => void navigate('/settings/tokens')}>API tokens</Menu.Item>
        <Menu.Item onClick={() => void navigate('/settings/sessions')}>Sessions</Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => leave.mutate()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
