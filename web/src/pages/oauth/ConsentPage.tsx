import { Alert, Button, Card, Code, Group, List, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useLocation } from 'react-router';
import { fetchRoles } from '../settings/AccessApi';
import { decideAuthorization, fetchAuthorization } from './OAuthApi';

/**
 * The consent page of Atom's OAuth server (/oauth/authorize sends the browser here): names the MCP
 * client and where it will be sent back, lets the person pick the workspace and at most which role the
 * client acts with, and lists what that role may do. Approving or denying sends the browser back.
 */
export default function ConsentPage() {
  const { search } = useLocation();
  const params = useMemo(() => Object.fromEntries(new URLSearchParams(search)), [search]);
  const ask = useQuery({ queryKey: ['oauth', 'authorization', search], queryFn: () => fetchAuthorization(new URLSearchParams(params).toString()), retry: false });
  const roles = useQuery({ queryKey: ['access', 'roles'], queryFn: fetchRoles });
  const [workspaceId, setWorkspaceId] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const workspace = ask.data?.workspaces.find((w) => w.id === (workspaceId ?? ask.data?.workspaces[0]?.id));
  const decide = useMutation({
    mutationFn: (approve: boolean) => decideAuthorization(params, approve ? { approve, ...(workspace ? { workspaceId: workspace.id } : {}), ...(role ? { role } : {}) } : { approve }),
    onSuccess: (r) => window.location.assign(r.redirectTo),
  });
  const roleNames = [...(roles.data?.builtIn.map((r) => r.name) ?? []), ...(roles.data?.custom.map((r) => r.name) ?? [])];
  const chosenRole = role ?? workspace?.role;
  const permissions = role ? (roles.data?.builtIn.find((r) => r.name === role)?.permissions ?? roles.data?.custom.find((r) => r.name === role)?.permissions ?? []) : (workspace?.permissions ?? []);

  return (
    <Stack gap="lg" maw={640}>
      <Title order={1}>Allow an AI assistant?</Title>
      {ask.error && <Alert color="red" title="This request cannot be approved">{ask.error.message}</Alert>}
      {ask.data && (
        <Card withBorder>
          <Stack gap="sm">
            <Text>
              <strong>{ask.data.client.name}</strong> asks to use Atom&apos;s MCP tools as you: search the documents you may read, list and run workflows, and draft
              workflows, with the rights of the role below.
            </Text>
            <Text size="sm">
              After you decide, your browser goes back to <Code>{ask.data.redirectUri}</Code>.
            </Text>
            <Select
              label="Workspace"
              data={ask.data.workspaces.map((w) => ({ value: w.id, label: `${w.name} (${w.role})` }))}
              value={workspace?.id ?? null}
              onChange={(v) => {
                setWorkspaceId(v);
                setRole(null);
              }}
              allowDeselect={false}
            />
            <Select label="Acts with the role" placeholder={`Your role (${workspace?.role ?? '…'})`} data={roleNames} value={role} onChange={setRole} clearable />
            <div>
              <Text size="sm" fw={600}>
                What it may do as {chosenRole ?? '…'} (never more than you may):
              </Text>
              <List size="sm">
                {permissions.map((p) => (
                  <List.Item key={p}>
                    <Code>{p}</Code>
                  </List.Item>
                ))}
              </List>
            </div>
            <Text size="sm" c="dimmed">
              You can revoke it at any time in Settings → API tokens.
            </Text>
            {decide.error && <Alert color="red">{decide.error.message}</Alert>}
            <Group>
              <Button onClick={() => decide.mutate(true)} loading={decide.isPending} disabled={!workspace}>
                Allow
              </Button>
              <Button variant="default" onClick={() => decide.mutate(false)} disabled={decide.isPending}>
                Deny
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
