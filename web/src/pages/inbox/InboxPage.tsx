import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { INBOX_KEY, kindLabels, listNotifications, markAllRead, markRead, UNREAD_KEY, type Notification } from './inboxApi';
import { PreferencesForm } from './PreferencesForm';
import { inAppLinks } from '../../components/InAppText';

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

function NotificationItem({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  return (
    <Card withBorder padding="sm" component="li" data-testid="notification" data-unread={n.readAt ? 'false' : 'true'}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            {!n.readAt && (
              <Badge size="xs" color="blue.8">
                new
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              {kindLabels[n.kind]} · {when(n.createdAt)}
            </Text>
          </Group>
          {n.link ? (
            <Anchor component={Link} to={n.link} fw={600} onClick={() => onOpen(n)}>
              {n.title}
            </Anchor>
          ) : (
            <Text fw={600}>{n.title}</Text>
          )}
          {n.body && <Text size="sm">{inAppLinks(n.body)}</Text>}
        </Stack>
        {!n.readAt && (
          <Button size="xs" variant="subtle" onClick={() => onOpen(n)} aria-label={`Mark read: ${n.title}`}>
            Mark read
          </Button>
        )}
      </Group>
    </Card>
  );
}

/** The inbox: mentions, replies, failed runs, sync failures and connections to fix; preferences below. */
export default function InboxPage() {
  const client = useQueryClient();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const list = useQuery({ queryKey: [...INBOX_KEY, filter], queryFn: () => listNotifications(filter === 'unread'), refetchInterval: 20_000 });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: INBOX_KEY });
    void client.invalidateQueries({ queryKey: UNREAD_KEY });
  };
  const read = useMutation({ mutationFn: markRead, onSuccess: refresh });
  const readAll = useMutation({ mutationFn: markAllRead, onSuccess: refresh });
  const items = list.data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Inbox</Title>
        <Button variant="light" onClick={() => readAll.mutate()} disabled={(list.data?.unread ?? 0) === 0} loading={readAll.isPending}>
          Mark all read
        </Button>
      </Group>
      <SegmentedControl
        w="fit-content"
        aria-label="Show"
        value={filter}
        onChange={(v) => setFilter(v as 'all' | 'unread')}
        data={[
          { value: 'all', label: 'All' },
          { value: 'unread', label: `Unread (${list.data?.unread ?? 0})` },
        ]}
      />
      {list.isPending ? (
        <Text>Loading…</Text>
      ) : list.error ? (
        <Text c="red.8">{(list.error as Error).message}</Text>
      ) : items.length === 0 ? (
        <Text c="dimmed">Nothing here yet. Mentions, replies and failures of your workflows will show up here.</Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Notifications" data-testid="notifications">
          {items.map((n) => (
            <NotificationItem key={n.id} n={n} onOpen={(x) => !x.readAt && read.mutate(x.id)} />
          ))}
        </Stack>
      )}
      <PreferencesForm />
    </Stack>
  );
}
