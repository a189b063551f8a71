import { Alert, Badge, Button, Checkbox, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { createRole, deleteRole, type RoleCatalog } from './AccessApi';

function NewRoleForm({ permissions }: { permissions: string[] }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () => createRole({ name, description: '', permissions: chosen }),
    onSuccess: async () => {
      setName('');
      setChosen([]);
      await queryClient.invalidateQueries({ queryKey: ['access', 'roles'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label="New role name" value={name} onChange={(e) => setName(e.currentTarget.value)} w={280} />
        <Checkbox.Group label="Permissions" value={chosen} onChange={setChosen}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} mt="xs">
            {permissions.map((p) => (
              <Checkbox key={p} value={p} label={p} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        {create.error && <Alert color="red">{create.error.message}</Alert>}
        <Group>
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            Create role
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Built-in roles with what they grant, the workspace's custom roles, and a form to compose a new one. */
export function RolesSection({ catalog, canManage }: { catalog: RoleCatalog; canManage: boolean }) {
  const queryClient = useQueryClient();
  const remove = useMutation({ mutationFn: deleteRole, onSettled: () => queryClient.invalidateQueries({ queryKey: ['access', 'roles'] }) });
  const rows = [
    ...catalog.builtIn.map((r) => ({ key: r.name, name: r.name, description: r.description, permissions: r.permissions, custom: undefined })),
    ...catalog.custom.map((r) => ({ key: r.id, name: r.name, description: r.description, permissions: r.permissions, custom: r })),
  ];
  return (
    <section aria-labelledby="roles-heading">
      <Title order={2} size="h3" id="roles-heading" mb="sm">
        Roles
      </Title>
      {remove.error && <Alert color="red" mb="sm">{remove.error.message}</Alert>}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Role</Table.Th>
            <Table.Th>Permissions</Table.Th>
            {canManage && <Table.Th>Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>
                <Text fw={600}>{r.name}</Text>
                <Text size="xs" c="dimmed">
                  {r.custom ? r.description || 'Custom role' : r.description}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {r.permissions.map((p) => (
                    <Badge key={p} variant="outline" color="gray.8" size="sm">
                      {p}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              {canManage && (
                <Table.Td>
                  {r.custom && (
                    <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(r.key)}>
                      Delete
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canManage && (
        <Stack mt="lg">
          <NewRoleForm permissions={catalog.permissions} />
        </Stack>
      )}
    </section>
  );
}
