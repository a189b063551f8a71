import { Anchor, Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Onboarding } from '../../../../src/shared/recommendations';
import { api } from '../../lib/api';

const KEY = ['onboarding'] as const;

/**
 * Home's first-run checklist. Each item is ticked by the server from what exists (a connection, a
 * workflow, a document, a run), so following a link and doing the thing is enough; hiding it is per person.
 */
export function OnboardingChecklist() {
  const client = useQueryClient();
  // staleTime 0: coming back home after doing a step shows it ticked at once (a few cheap existence reads).
  const { data } = useQuery({ queryKey: KEY, queryFn: () => api<Onboarding>('/api/recommendations/onboarding'), refetchInterval: 30_000, staleTime: 0 });
  const hide = useMutation({
    mutationFn: () => api('/api/recommendations/onboarding:checklist/dismiss', { method: 'POST' }),
    onMutate: () => client.setQueryData<Onboarding>(KEY, (d) => d && { ...d, dismissed: true }),
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });
  if (!data || data.dismissed || data.steps.length === 0) return null;
  const required = data.steps.filter((s) => !s.optional);
  const done = required.filter((s) => s.done).length;
  return (
    <Card withBorder component="section" aria-labelledby="onboarding-title" data-testid="onboarding" mt="xl">
      <Group justify="space-between" wrap="nowrap">
        <Title order={2} size="h4" id="onboarding-title">
          {data.complete ? 'You are set up' : 'Get started'}
        </Title>
        <Button size="compact-sm" variant="subtle" onClick={() => hide.mutate()}>
          Hide checklist
        </Button>
      </Group>
      <Text size="sm" mt={4}>
        {done} of {required.length} done
      </Text>
      <Progress.Root size="sm" mt={4}>
        <Progress.Section value={(100 * done) / Math.max(1, required.length)} aria-label={`Getting started: ${done} of ${required.length} done`} />
      </Progress.Root>
      <Stack gap="xs" mt="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
        {data.steps.map((s) => (
          <li key={s.id} data-step={s.id} data-done={s.done}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Text span fw={700} c={s.done ? 'green.9' : 'dimmed'} aria-hidden="true" w={18}>
                {s.done ? '✓' : '○'}
              </Text>
              <div>
                <Text size="sm" fw={600} td={s.done ? 'line-through' : undefined}>
                  {s.title}
                  <Text span size="xs" c={s.done ? undefined : 'dimmed'} fw={400}>
                    {' '}
                    ({s.done ? 'done' : 'to do'})
                  </Text>
                </Text>
                {!s.done && (
                  <Text size="xs">
                    {s.description}{' '}
                    <Anchor component={Link} to={s.action.href} size="xs">
                      {s.action.label}
                    </Anchor>
                  </Text>
                )}
              </div>
            </Group>
          </li>
        ))}
      </Stack>
    </Card>
  );
}
