import { ActionIcon, Indicator } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { unreadCount, UNREAD_KEY } from './inboxApi';

/** The header's inbox button with the unread count (polled; the inbox page refreshes it on changes). */
export function InboxBell() {
  const { data } = useQuery({ queryKey: UNREAD_KEY, queryFn: unreadCount, refetchInterval: 20_000 });
  const unread = data?.unread ?? 0;
  const label = unread > 0 ? `Inbox, ${unread} unread` : 'Inbox';
  return (
    <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={unread === 0} color="red.8" offset={4} data-testid="inbox-badge">
      <ActionIcon component={Link} to="/inbox" variant="default" size="lg" aria-label={label} title={label}>
        <span aria-hidden="true">✉</span>
      </ActionIcon>
    </Indicator>
  );
}
