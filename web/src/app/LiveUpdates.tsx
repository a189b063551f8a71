import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { holdLiveEvents, onLiveEvent } from '../lib/events';
import { batchedInvalidator, keysToInvalidate, toastFor } from '../lib/events-effects';

/** Keeps the tab's live stream open while signed in: refreshes what pages show and raises toasts. */
export function LiveUpdates() {
  const client = useQueryClient();
  useEffect(() => {
    const invalidate = batchedInvalidator(client);
    const release = holdLiveEvents();
    const stop = onLiveEvent((event) => {
      invalidate(keysToInvalidate(event));
      const toast = toastFor(event);
      if (!toast) return;
      notifications.show({
        id: toast.id,
        title: toast.title,
        color: toast.color,
        // Body text in the page's text colour: Mantine's dimmed description is below AA contrast.
        message: (
          <Text size="sm" c="var(--mantine-color-text)">
            {toast.message}
          </Text>
        ),
        withBorder: true,
        autoClose: 8000,
        closeButtonProps: { 'aria-label': 'Dismiss' },
      });
    });
    return () => {
      stop();
      release();
    };
  }, [client]);
  return null;
}
