import { Alert, Button, Card, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { fetchAiSettings, fetchModels, fetchUsage, saveAiSettings, type AiSettings } from './AiApi';
import { AiKeysSection } from './AiKeysSection';

function ModelsAndBudget({ scope }: { scope: 'user' | 'workspace' }) {
  const client = useQueryClient();
  const models = useQuery({ queryKey: ['ai-models'], queryFn: fetchModels });
  const settings = useQuery({ queryKey: ['ai-settings', scope], queryFn: () => fetchAiSettings(scope) });
  const [draft, setDraft] = useState<AiSettings>({ defaultModel: null, fallbackModels: [], monthlyBudgetUsd: null, hardLimit: true });
  useEffect(() => settings.data && setDraft(settings.data), [settings.data]);
  const save = useMutation({ mutationFn: () => saveAiSettings(scope, draft), onSuccess: () => void client.invalidateQueries({ queryKey: ['ai-models'] }) });
  const options = models.data?.models.map((m) => m.ref) ?? [];
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4">
        {scope === 'user' ? 'Your default model' : 'Workspace defaults and budget'}
      </Title>
      <Stack gap="xs" mt="sm">
        <Select label="Default model" data={options} value={draft.defaultModel} onChange={(v) => setDraft({ ...draft, defaultModel: v })} searchable clearable />
        <MultiSelect label="Fallback chain (tried in order on 429 or 5xx)" data={options} value={draft.fallbackModels} onChange={(v) => setDraft({ ...draft, fallbackModels: v })} searchable />
        <NumberInput label="Monthly budget (USD, estimated)" min={0} decimalScale={2} value={draft.monthlyBudgetUsd ?? ''} onChange={(v) => setDraft({ ...draft, monthlyBudgetUsd: v === '' ? null : Number(v) })} />
        <Switch label="Stop AI calls when the budget is spent" checked={draft.hardLimit} onChange={(e) => setDraft({ ...draft, hardLimit: e.currentTarget.checked })} />
        {save.error && <Alert color="red">{save.error.message}</Alert>}
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Save
          </Button>
          {models.data && models.data.chain.length > 0 && (
            <Text size="xs" c="dimmed">
              In effect: {models.data.chain.join(' → ')}
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

function UsageCard() {
  const usage = useQuery({ queryKey: ['ai-usage'], queryFn: () => fetchUsage() });
  const u = usage.data;
  if (!u) return null;
  const max = Math.max(0.000001, ...u.byDay.map((d) => d.costUsd));
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4">
        Usage in {u.month}
      </Title>
      <Text size="sm" mt={4}>
        {u.totals.calls} calls · {u.totals.inputTokens.toLocaleString()} tokens in · {u.totals.outputTokens.toLocaleString()} out · ${u.totals.costUsd.toFixed(4)} estimated
      </Text>
      {(['workspace', 'user'] as const).map((k) =>
        u.budgets[k].budgetUsd !== null ? (
          <Text key={k} size="sm" c={u.budgets[k].exceeded ? 'red' : undefined}>
            {k === 'workspace' ? 'Workspace' : 'Your'} budget: ${u.budgets[k].spentUsd.toFixed(2)} of ${u.budgets[k].budgetUsd?.toFixed(2)}
          </Text>
        ) : null,
      )}
      <div role="img" aria-label="Estimated cost per day" style={{ display: 'flex', alignItems: 'flex-end', gap: 4, height: 120, marginTop: 12 }}>
        {u.byDay.map((d) => (
          <div key={d.day} title={`${d.day}: $${d.costUsd.toFixed(4)}, ${d.calls} calls`} style={{ flex: 1, height: `${Math.max(2, (d.costUsd / max) * 100)}%`, background: 'var(--mantine-color-blue-filled)' }} />
        ))}
      </div>
      <Table mt="md">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model</Table.Th>
            <Table.Th>Calls</Table.Th>
            <Table.Th>Tokens in / out</Table.Th>
            <Table.Th>Cost</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {u.byModel.map((m) => (
            <Table.Tr key={`${m.provider}:${m.model}`}>
              <Table.Td>
                {m.provider}:{m.model}
              </Table.Td>
              <Table.Td>{m.calls}</Table.Td>
              <Table.Td>
                {m.inputTokens.toLocaleString()} / {m.outputTokens.toLocaleString()}
              </Table.Td>
              <Table.Td>{m.priced ? `$${m.costUsd.toFixed(4)}` : 'not priced'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** Settings → AI: keys, default models and fallbacks, budgets, usage. */
export default function AiSettingsPage() {
  return (
    <>
      <Title order={1}>AI</Title>
      <Text c="dimmed" mt="xs">
        Bring your own model keys; set defaults, fallbacks and budgets; see what AI costs.
      </Text>
      <Stack mt="lg">
        <AiKeysSection />
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <ModelsAndBudget scope="user" />
          <ModelsAndBudget scope="workspace" />
        </SimpleGrid>
        <UsageCard />
      </Stack>
    </>
  );
}
