import { Alert, Button, Code, Group, PasswordInput, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SecretList, SecretView } from '../../../../src/shared/secrets';
import { api, ApiError } from '../../lib/api';

const enc = encodeURIComponent;

/** Settings → Workflow secrets: named values steps use as {{ secrets.NAME }}; shown masked, never again. */
export default function SecretsPage() {
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['workflow-secrets'], queryFn: () => api<SecretList>('/api/workflows/secrets') });
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const refresh = () => void client.invalidateQueries({ queryKey: ['workflow-secrets'] });
  const save = useMutation({
    mutationFn: () => api<SecretView>(`/api/workflows/secrets/${enc(name)}`, { method: 'PUT', body: { value } }),
    onSuccess: () => {
      setName('');
      setValue('');
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (n: string) => api<void>(`/api/workflows/secrets/${enc(n)}`, { method: 'DELETE' }), onSuccess: refresh });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const nameError = save.error instanceof ApiError ? save.error.fields.find((f) => f.field.includes('name'))?.message : undefined;
  return (
    <Stack>
      <Title order={1}>Workflow secrets</Title>
      <Text c="dimmed">
        Steps use a secret by name, as <Code>{'{{ secrets.NAME }}'}</Code> or <Code>bearerSecret: &quot;NAME&quot;</Code>. Values are encrypted, handed only to
        the action that needs them, and never shown again.
      </Text>
      <form onSubmit={submit} aria-label="Add a secret">
        <Group align="flex-end">
          <TextInput label="Name" placeholder="STRIPE_KEY" value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} required />
          <PasswordInput label="Value" value={value} onChange={(e) => setValue(e.currentTarget.value)} required w={320} />
          <Button type="submit" loading={save.isPending} disabled={!name || !value}>
            Save secret
          </Button>
        </Group>
      </form>
      {save.error && !nameError && <Alert color="red">{save.error.message}</Alert>}
      {list.error && <Alert color="red">{list.error.message}</Alert>}
      {list.data?.items.length === 0 && <Text c="dimmed">No secrets yet.</Text>}
      {!!list.data?.items.length && (
        <Table aria-label="Secrets">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th>Updated</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((s) => (
              <Table.Tr key={s.name}>
                <Table.Td>
                  <Code>{s.name}</Code>
                </Table.Td>
                <Table.Td>{s.masked}</Table.Td>
                <Table.Td>{new Date(s.updatedAt).toLocaleString()}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(s.name)} aria-label={`Delete ${s.name}`}>
                    Delete
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
