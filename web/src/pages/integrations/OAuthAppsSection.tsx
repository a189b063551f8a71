import { Alert, Badge, Button, Code, Group, PasswordInput, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { OAuthApp, OAuthAppList } from '../../../../src/shared/integrations';
import { api } from '../../lib/api';

/**
 * Admins (settings:manage) register each provider's OAuth app here: client id and secret (sealed, never shown
 * again), with the redirect URI to copy. Members get 403 from the API and see nothing of this section.
 */
export function OAuthAppsSection() {
  const client = useQueryClient();
  const apps = useQuery({ queryKey: ['integrations', 'oauth-apps'], queryFn: () => api<OAuthAppList>('/api/integrations/oauth-apps'), retry: false });
  const [editing, setEditing] = useState<string | undefined>();
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  // Providers of services Atom has actions for by default; the rest (HTTP-only services) on request.
  const [all, setAll] = useState(false);
  const save = useMutation({
    mutationFn: (key: string) => api<OAuthApp>(`/api/integrations/oauth-apps/${encodeURIComponent(key)}`, { method: 'PUT', body: { clientId, ...(secret ? { clientSecret: secret } : {}) } }),
    onSuccess: () => {
      setEditing(undefined);
      setSecret('');
      void client.invalidateQueries({ queryKey: ['integrations'] });
    },
  });
  if (!apps.data) return null;
  const shown = apps.data.items.filter((a) => all || a.worksWithAtom || a.source !== null);
  return (
    <section aria-label="OAuth apps">
      <Title order={2} size="h3" mb="xs">OAuth apps</Title>
      <Text size="sm" c="dimmed" mb="sm">
        Register each provider's OAuth app once for this workspace (setup steps: docs/oauth-setup.md). Redirect URI to copy into the provider:{' '}
        <Code data-testid="redirect-uri">{apps.data.redirectUri}</Code>
      </Text>
      <Switch mb="xs" label="Show every provider (also services Atom reaches only through HTTP requests)" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
      <Table striped data-testid="oauth-apps">
        <Table.Tbody>
          {shown.map((a) => (
            <Table.Tr key={a.key} data-testid={`oauth-app-${a.key}`}>
              <Table.Td>
                <Text fw={600}>{a.name}</Text>
                <Text size="xs" c="dimmed">{a.services.map((s) => s.name).join(', ')}</Text>
              </Table.Td>
              <Table.Td>
                {a.source === 'environment' ? (
                  <Badge variant="default">set by the server (ATOM_INTEGRATIONS)</Badge>
                ) : a.source === 'workspace' ? (
                  <Badge variant="default">client id {a.clientId}, secret set{a.secret.last4 ? ` (…${a.secret.last4})` : ''}</Badge>
                ) : (
                  <Badge variant="default">not set up</Badge>
                )}
              </Table.Td>
              <Table.Td>
                {a.source !== 'environment' && editing !== a.key && (
                  <Button size="xs" variant="light" onClick={() => { setEditing(a.key); setClientId(a.clientId ?? ''); setSecret(''); save.reset(); }}>
                    {a.source ? 'Change' : 'Set up'}
                  </Button>
                )}
                {editing === a.key && (
                  <form onSubmit={(e) => { e.preventDefault(); save.mutate(a.key); }}>
                    <Stack gap="xs">
                      <TextInput label="Client id" required value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} />
                      <PasswordInput label="Client secret" description={a.secret.set ? 'Leave empty to keep the stored secret.' : undefined} required={!a.secret.set} value={secret} onChange={(e) => setSecret(e.currentTarget.value)} />
                      {save.error && <Alert color="red">{(save.error as Error).message}</Alert>}
                      <Group gap="xs">
                        <Button size="xs" type="submit" loading={save.isPending}>Save</Button>
                        <Button size="xs" variant="default" onClick={() => setEditing(undefined)}>Cancel</Button>
                      </Group>
                    </Stack>
                  </form>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="xs">A provider set in the server's environment wins and is shown read-only.</Text>
    </section>
  );
}
