import { Alert, Badge, Button, Card, Group, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { addKey, fetchKeys, fetchProviders, removeKey } from './AiApi';

/** Provider keys: masked list, add (checked against the provider before saving), remove. */
export function AiKeysSection() {
  const client = useQueryClient();
  const providers = useQuery({ queryKey: ['ai-providers'], queryFn: fetchProviders });
  const keys = useQuery({ queryKey: ['ai-keys'], queryFn: fetchKeys });
  const [provider, setProvider] = useState<string | null>('openai');
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [scope, setScope] = useState<'user' | 'workspace'>('user');
  const info = providers.data?.providers.find((p) => p.id === provider);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['ai-keys'] });
    void client.invalidateQueries({ queryKey: ['ai-models'] });
  };
  const add = useMutation({
    mutationFn: () => addKey({ provider: provider ?? 'openai', apiKey, scope, ...(baseUrl ? { baseUrl } : {}) }),
    onSuccess: () => {
      setApiKey('');
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: removeKey, onSuccess: refresh });

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4">
        Provider keys
      </Title>
      <Text size="sm" c="dimmed">
        Keys are checked with the provider before they are saved, then sealed in the vault. Only a hint is ever shown.
      </Text>
      <Table mt="sm">
        <Table.Tbody>
          {keys.data?.keys.map((k) => (
            <Table.Tr key={k.id}>
              <Table.Td>{k.label}</Table.Td>
              <Table.Td>
                <code>{k.hint}</code>
              </Table.Td>
              <Table.Td>
                <Badge variant="light">{k.scope === 'user' ? 'only you' : 'workspace'}</Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {k.models.length} models
                </Text>
              </Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(k.id)}>
                  Remove
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Stack mt="md" gap="xs">
        <Group grow align="flex-end">
          <Select label="Provider" data={providers.data?.providers.map((p) => ({ value: p.id, label: p.label })) ?? []} value={provider} onChange={setProvider} />
          <Select label="Who can use it" data={[{ value: 'user', label: 'Only me' }, { value: 'workspace', label: 'Everyone in the workspace' }]} value={scope} onChange={(v) => setScope(v === 'workspace' ? 'workspace' : 'user')} />
        </Group>
        <PasswordInput label="API key" value={apiKey} onChange={(e) => setApiKey(e.currentTarget.value)} required={!info?.keyOptional} autoComplete="off" />
        {(!info?.baseUrl || baseUrl) && <TextInput label="Base URL" placeholder={info?.baseUrl ?? 'http://localhost:11434/v1'} value={baseUrl} onChange={(e) => setBaseUrl(e.currentTarget.value)} required={!info?.baseUrl} />}
        {add.error && <Alert color="red">{add.error.message}</Alert>}
        <Group>
          <Button onClick={() => add.mutate()} loading={add.isPending}>
            Test and save
          </Button>
          {info?.baseUrl && !baseUrl && (
            <Button variant="subtle" size="xs" onClick={() => setBaseUrl(info.baseUrl ?? '')}>
              Use another base URL
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
