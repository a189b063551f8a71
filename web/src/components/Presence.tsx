import { Avatar, Group, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { PresenceList, PresenceUser } from '../../../src/shared/realtime.js';
import { ME_QUERY_KEY, fetchMe } from '../pages/auth/authApi';
import { api } from '../lib/api';
import { holdLiveEvents, onLiveEvent, tabId } from '../lib/events';

export type { PresenceUser };

const BEAT_MS = 5000;
// Mantine's orange is below AA contrast for the initials on light or white; white on this darker orange is
// not, in light and dark schemes alike.
const EDITING_COLOR = '#b34100';
const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('') || '?';

function leave(kind: string, id: string) {
  // keepalive lets the request outlive a closing tab (sendBeacon cannot carry the CSRF header).
  void api('/api/presence/leave', { method: 'POST', body: { resource: { kind, id }, tab: tabId }, keepalive: true }).catch(() => undefined);
}

/**
 * Who else is on this workflow, run or document, as avatars. Announces this tab every 5 s while mounted;
 * leaves on unmount and when the tab is hidden for good (pagehide). Other people appear and disappear
 * through `presence.changed` events; while the browser is offline nobody is shown.
 */
export function Presence({ kind, id, state = 'viewing' }: { kind: 'workflow' | 'run' | 'document'; id: string; state?: 'viewing' | 'editing' }) {
  const [users, setUsers] = useState<PresenceUser[]>([]);
  const me = useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 60_000 });
  useEffect(() => {
    let live = true;
    const beat = () =>
      void api<PresenceList>('/api/presence', { method: 'POST', body: { resource: { kind, id }, state, tab: tabId } })
        .then((r) => live && setUsers(r.users))
        .catch(() => undefined);
    const release = holdLiveEvents();
    const stop = onLiveEvent((e) => {
      if (e.type === 'presence.changed' && e.resource.kind === kind && e.resource.id === id) setUsers((e.data['users'] as PresenceUser[] | undefined) ?? []);
    });
    beat();
    const timer = setInterval(beat, BEAT_MS);
    const onHide = () => leave(kind, id);
    // Offline, who is here is unknown (the last list would go stale): none shown, and back online this
    // tab announces itself at once rather than at the next beat.
    const onOffline = () => setUsers([]);
    window.addEventListener('pagehide', onHide);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', beat);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener('pagehide', onHide);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', beat);
      stop();
      release();
      leave(kind, id);
    };
  }, [kind, id, state]);

  const others = users.filter((u) => u.userId !== me.data?.user.id);
  if (others.length === 0) return null;
  const label = `Also here: ${others.map((u) => `${u.name} (${u.state})`).join(', ')}`;
  return (
    <Group gap="xs" wrap="nowrap" data-testid="presence" aria-label={label} role="group">
      <Avatar.Group spacing="sm">
        {others.slice(0, 5).map((u) => (
          <Tooltip key={u.userId} label={`${u.name} is ${u.state}`} withArrow>
            <Avatar radius="xl" size="sm" variant={u.state === 'editing' ? 'filled' : 'light'} color={u.state === 'editing' ? EDITING_COLOR : 'blue'} data-testid="presence-avatar" data-user-id={u.userId} alt={u.name}>
              {initials(u.name)}
            </Avatar>
          </Tooltip>
        ))}
        {others.length > 5 && (
          <Avatar radius="xl" size="sm">
            +{others.length - 5}
          </Avatar>
        )}
      </Avatar.Group>
      <Text size="xs" c="dimmed" visibleFrom="sm">
        {others.length === 1 ? `${others[0]!.name} is ${others[0]!.state}` : `${others.length} others here`}
      </Text>
    </Group>
  );
}
