import { Alert } from '@mantine/core';
import { useNetwork } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { flushQueue, onQueueChange, readQueue } from '../lib/offline-queue';
import { notifications } from '@mantine/notifications';

/** Says plainly when the app is offline and how many changes wait to be sent; sends them when back. */
export function OfflineBanner() {
  const { online } = useNetwork();
  const [pending, setPending] = useState(() => readQueue().length);
  useEffect(() => onQueueChange((q) => setPending(q.length)), []);
  useEffect(() => {
    if (!online || readQueue().length === 0) return;
    void flushQueue().then((sent) => {
      // No title: Mantine dims the description under a title below AA contrast; the close button needs a name.
      if (sent > 0) notifications.show({ message: `Back online: ${sent} queued change${sent === 1 ? '' : 's'} sent.`, closeButtonProps: { 'aria-label': 'Dismiss' } });
    });
  }, [online]);
  if (online && pending === 0) return null;
  return (
    <Alert color={online ? 'blue' : 'orange'} variant="light" role="status" data-testid="offline-banner" radius={0}>
      {online
        ? `Sending ${pending} queued change${pending === 1 ? '' : 's'}…`
        : `You are offline. Showing the last data this device saw${pending ? `; ${pending} change${pending === 1 ? '' : 's'} will be sent when you are back online` : ''}.`}
    </Alert>
  );
}
