import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { holdLiveEvents, onLiveEvent, type LiveEvent } from '../lib/events';
import { batchedInvalidator, keysToInvalidate } from '../lib/events-invalidation';

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);

/** The toast a background event deserves, if any: finished runs someone started by hand, failures always. */
export function toastFor(event: LiveEvent): { id: string; title: string; message: string; color: string } | undefined {
  const d = event.data;
  if (event.type === 'run.finished') {
    const name = str(d['workflowName'], 'A workflow');
    const status = str(d['status']);
    const error = d['error'] && typeof d['error'] === 'object' ? str((d['error'] as { message?: unknown }).message) : '';
    if (status === 'failed') return { id: `run-${event.resource.id}`, title: `${name} failed`, message: error || 'Open the run to see the failed step.', color: 'red' };
    if (status === 'succeeded' && ['manual', 'test'].includes(str(d['triggerType']))) return { id: `run-${event.resource.id}`, title: `${name} finished`, message: 'The run succeeded.', color: 'green' };
  }
  if (event.type === 'memory.sync.failed') {
    return { id: `sync-${event.resource.id}`, title: `Sync of ${str(d['name'], 'a source')} failed`, message: str(d['error'], 'See Memory → Sources.'), color: 'red' };
  }
  return undefined;
}

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
