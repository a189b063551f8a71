import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { NewWorkflowButton } from './NewWorkflowButton';
import { FromTextCard } from './FromTextCard';
import { ImportN8nCard } from './ImportN8nCard';
import { instantiateTemplate, listTemplates, listWorkflows } from './workflowsApi';

/** Workflows of the workspace, and the template gallery to start new ones from. */
export default function WorkflowsPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const workflows = useQuery({ queryKey: ['workflows'], queryFn: listWorkflows });
  const templates = useQuery({ queryKey: ['workflow-templates'], queryFn: listTemplates });
  const instantiate = useMutation({
    mutationFn: instantiateTemplate,
    onSuccess: (wf) => {
      void client.invalidateQueries({ queryKey: ['workflows'] });
      navigate(`/workflows/w/${wf.id}`);
    },
    onError: (e) => notifications.show({ color: 'red', message: (e as Error).message }),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Workflows</Title>
        <Group gap="sm">
          <NewWorkflowButton />
          <Button component={Link} to="/workflows/runs" variant="light">
            Run history
          </Button>
        </Group>
      </Group>
      <FromTextCard />
      <ImportN8nCard />
      {workflows.error && <Alert color="red">{(workflows.error as Error).message}</Alert>}
      <Table striped highlightOnHover data-testid="workflow-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(workflows.data?.items ?? []).map((w) => (
            <Table.Tr key={w.id}>
              <Table.Td>
                <Link to={`/workflows/w/${w.id}`}>{w.name}</Link>
              </Table.Td>
              <Table.Td>
                <Badge color={w.active ? 'green' : 'gray'}>{w.active ? 'active' : 'inactive'}</Badge>
              </Table.Td>
              <Table.Td>
                v{w.latestVersion}
                {w.publishedVersion !== null && w.publishedVersion !== w.latestVersion ? ` (published v${w.publishedVersion})` : ''}
              </Table.Td>
              <Table.Td>{new Date(w.updatedAt).toLocaleString()}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {workflows.data?.items.length === 0 && <Text c="dimmed">No workflows yet: start a new one, describe it above, or start from a template below.</Text>}
      <Title order={2}>Templates</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="template-gallery">
        {(templates.data?.items ?? []).map((t) => (
          <Card key={t.id} withBorder>
            <Group justify="space-between">
              <Text fw={600}>{t.name}</Text>
              <Badge variant="light">{t.category}</Badge>
            </Group>
            <Text size="sm" c="dimmed" my="xs">
              {t.description}
            </Text>
            {t.missingActions.length > 0 && (
              <Text size="xs" c="orange">
                Needs: {t.missingActions.join(', ')}
              </Text>
            )}
            <Button mt="sm" size="xs" onClick={() => instantiate.mutate(t.id)} loading={instantiate.isPending && instantiate.variables === t.id}>
              Use template
            </Button>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
