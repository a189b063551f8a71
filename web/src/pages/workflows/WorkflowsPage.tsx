import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { fetchMe, ME_QUERY_KEY } from '../auth/authApi';
import { NewWorkflowButton } from './NewWorkflowButton';
import { FromTextCard } from './FromTextCard';
import { ImportN8nCard } from './ImportN8nCard';
import { TemplateGallery } from './TemplateGallery';
import { listWorkflows } from './workflowsApi';

/** Workflows of the workspace, and the template gallery to start new ones from. */
export default function WorkflowsPage() {
  const workflows = useQuery({ queryKey: ['workflows'], queryFn: listWorkflows });
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 60_000 });
  // Until the role is known nothing is offered; a role without workflows:write sees why instead.
  const canWrite = me.data?.workspace?.permissions.includes('workflows:write') ?? false;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Workflows</Title>
        <Group gap="sm">
          <NewWorkflowButton disabled={!canWrite} />
          <Button component={Link} to="/workflows/runs" variant="light">
            Run history
          </Button>
        </Group>
      </Group>
      {me.data && !canWrite && (
        <Alert color="blue" data-testid="read-only-reason">
          Your role ({me.data.workspace?.role ?? 'viewer'}) can see workflows and their runs but not create or change them. Ask an admin for a role that may.
        </Alert>
      )}
      {canWrite && <FromTextCard />}
      {canWrite && <ImportN8nCard />}
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
      <TemplateGallery canCreate={canWrite} />
    </Stack>
  );
}
