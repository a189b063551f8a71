import { Alert } from '@mantine/core';
import { useNetwork } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { flushQueue, onQueueChange, readQueue } from '../lib/offline-queue';
import { useServerReachable } from '../lib/server-reachable';

/**
 * Says plainly when the app is offline (no network, or Atom's server not answering) and how many changes
 * wait to be sent; sends them as soon as the server answers again.
 */
export function OfflineBanner() {
  const { online } = useNetwork();
  const [pending, setPending] = useState(() => readQueue().length);
  useEffect(() => onQueueChange((q) => setPending(q.length)), []);
  const reachable = useServerReachable({ online, pending });
  useEffect(() => {
    if (!reachable || readQueue().length === 0) return;
    void flushQueue().then((sent) => {
      // No title: Mantine dims the description under a title below AA contrast; the close button needs a name.
      if (sent > 0) notifications.show({ message: `Back online: ${sent} queued change${sent === 1 ? '' : 's'} sent.`, closeButtonProps: { 'aria-label': 'Dismiss' } });
    });
  }, [reachable, pending]);
  if (reachable && pending === 0) return null;
  const waiting = pending ? `; ${pending} change${pending === 1 ? '' : 's'} will be sent when you are back online` : '';
  return (
    <Alert color={reachable ? 'blue' : 'orange'} variant="light" role="status" data-testid="offline-banner" radius={0}>
      {reachable
        ? `Sending ${pending} queued change${pending === 1 ? '' : 's'}…`
        : online
          ? `You are offline: Atom's server cannot be reached. Showing the last data this device saw${waiting}.`
          : `You are offline. Showing the last data this device saw${waiting}.`}
    </Alert>
  );
}
