import { Alert, Badge, Button, Card, Chip, Group, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { VirtualList } from '../../components/VirtualList';
import { ConnectDialog } from './ConnectDialog';
import { OAuthAppsSection } from './OAuthAppsSection';
import { categoryLabel, plural, fetchCatalog, fetchConnections, statusColor } from './integrationsApi';

/** The catalog (search, categories, connect buttons) with the workspace's connections on top. */
export default function IntegrationsPage() {
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string | undefined>();
  // Services Atom can act in by default; the rest of the catalog is one switch away.
  const [works, setWorks] = useState(true);
  // `?connect=slack` (the assistant's "connect Slack" link) opens that service's connect dialog.
  const [connecting, setConnecting] = useState<string | undefined>(() => params.get('connect') ?? undefined);
  const catalog = useQuery({ queryKey: ['integrations', 'catalog', q, category, works], queryFn: () => fetchCatalog({ q, works, ...(category ? { category } : {}) }) });
  const connections = useQuery({ queryKey: ['integrations', 'connections'], queryFn: fetchConnections });
  const oauthError = params.get('message');

  return (
    <Stack gap="xl">
      <div>
        <Title order={1}>Integrations</Title>
        <Text c="dimmed" mt="xs">Connect the services Atom works with. Tokens are encrypted in the vault and never shown again.</Text>
      </div>
      {oauthError && (
        <Alert color="red" withCloseButton onClose={() => setParams({})} data-testid="oauth-error">
          {oauthError}
        </Alert>
      )}
      {params.get('connected') && <Alert color="green" data-testid="oauth-connected">Connected.</Alert>}

      <section aria-label="Connections">
        <Title order={2} size="h3" mb="sm">Your connections</Title>
        {connections.data?.items.length ? (
          <Table striped data-testid="connections">
            <Table.Thead>
              <Table.Tr><Table.Th>Connection</Table.Th><Table.Th>Service</Table.Th><Table.Th>Status</Table.Th><Table.Th>Account</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {connections.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td><Link to={`/integrations/connections/${c.id}`}>{c.label}</Link>{c.personal && <Badge ml="xs" variant="light">personal</Badge>}</Table.Td>
                  <Table.Td>{c.serviceName}</Table.Td>
                  <Table.Td><Badge variant="dot" color={statusColor[c.status]}>{c.needsReconnect ? 'sign in again' : c.status}</Badge></Table.Td>
                  <Table.Td>{c.accountLabel ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text c="dimmed">{connections.isLoading ? 'Loading…' : 'Nothing connected yet.'}</Text>
        )}
      </section>

      <OAuthAppsSection />

      <section aria-label="Catalog">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h3">Catalog {catalog.data && <Text span c="dimmed" size="sm">({catalog.data.total})</Text>}</Title>
          <Group gap="sm">
            <Switch label="Works with Atom" checked={works} onChange={(e) => setWorks(e.currentTarget.checked)} />
            <TextInput placeholder="Search services" value={q} onChange={(e) => setQ(e.currentTarget.value)} aria-label="Search services" w={280} />
          </Group>
        </Group>
        <Chip.Group multiple={false} value={category ?? ''} onChange={(v) => setCategory(v || undefined)}>
          <Group gap="xs" mb="md">
            <Chip value="">All</Chip>
            {catalog.data?.categories.filter((c) => c.count > 0).map((c) => (
              <Chip key={c.id} value={c.id}>{categoryLabel(c.id)} ({c.count})</Chip>
            ))}
          </Group>
        </Chip.Group>
        {/* Virtualized: only the visible services are in the DOM, so a catalog of any size scrolls smoothly. */}
        <div data-testid="catalog">
          <VirtualList
            label="Services"
            items={catalog.data?.items ?? []}
            rowHeight={132}
            height="70vh"
            getKey={(s) => s.id}
            renderRow={(s) => (
              <Card withBorder padding="md" mb="xs" data-testid={`service-${s.id}`}>
                <Group justify="space-between" mb={4} wrap="nowrap">
                  <Text fw={600}>{s.name}</Text>
                  <Badge variant="light">{categoryLabel(s.category)}</Badge>
                </Group>
                <Text size="sm" c="dimmed" lineClamp={1}>{s.description}</Text>
                <Group justify="space-between" mt="xs">
                  <Text size="xs">
                    {s.catalogOnly ? 'Catalog only: no Atom actions yet (use the HTTP request action).' : `${plural(s.actions.length, 'action')}, ${plural(s.triggers.length, 'trigger')}`}
                  </Text>
                  <Button size="xs" variant={s.connectable ? 'filled' : 'light'} disabled={s.authKind === 'none' || s.authKind === 'oauth1'} onClick={() => setConnecting(s.id)}>
                    {s.authKind === 'none' ? 'No sign-in needed' : 'Connect'}
                  </Button>
                </Group>
              </Card>
            )}
          />
        </div>
      </section>
      {connecting && <ConnectDialog serviceId={connecting} onClose={() => setConnecting(undefined)} />}
    </Stack>
  );
}
