import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Recommendation, RecommendationList } from '../../../../src/shared/recommendations';
import { api } from '../../lib/api';

const KEY = ['recommendations'] as const;
const kindLabel: Record<Recommendation['kind'], string> = { connection: 'Fix', failing_workflow: 'Fix', template: 'Automate', document: 'Read', getting_started: 'Start' };

/** Home card: suggestions that fit you, each with why, and a dismiss that is remembered. */
export function RecommendationsCard() {
  const client = useQueryClient();
  const { data, isPending, error } = useQuery({ queryKey: KEY, queryFn: () => api<RecommendationList>('/api/recommendations?limit=6'), refetchInterval: 60_000 });
  const dismiss = useMutation({
    mutationFn: (key: string) => api(`/api/recommendations/${encodeURIComponent(key)}/dismiss`, { method: 'POST' }),
    onMutate: (key) => client.setQueryData<RecommendationList>(KEY, (d) => d && { items: d.items.filter((r) => r.key !== key) }),
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });
  const items = data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="recommendations-title" data-testid="recommendations">
      <Title order={2} size="h4" mb="xs" id="recommendations-title">
        Suggested for you
      </Title>
      {isPending ? (
        <Text size="sm">Loading…</Text>
      ) : error ? (
        <Text size="sm" c="red.8">
          {(error as Error).message}
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm">Nothing to suggest right now. Connect a service to get automation ideas.</Text>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((r) => (
            <li key={r.key} data-testid="recommendation" data-key={r.key}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Badge size="xs" variant="light" style={{ flexShrink: 0 }}>
                  {kindLabel[r.kind]}
                </Badge>
                <Button size="compact-xs" variant="subtle" style={{ flexShrink: 0 }} onClick={() => dismiss.mutate(r.key)} aria-label={`Dismiss “${r.title}”`}>
                  Dismiss
                </Button>
              </Group>
              <Anchor component={Link} to={r.action.href} size="sm" fw={600}>
                {r.title}
              </Anchor>
              <Text size="xs">{r.reason}</Text>
            </li>
          ))}
        </Stack>
      )}
    </Card>
  );
}
