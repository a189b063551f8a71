import { describe, expect, it, vi } from 'vitest';
import { batchedInvalidator, keysToInvalidate, toastFor, type QueryKey } from '../../web/src/lib/events-effects.js';
import type { LiveEvent } from '../../web/src/lib/events-types.js';

const ev = (type: string, data: Record<string, unknown> = {}, id = 'r1'): LiveEvent => ({ id: 1, type, workspaceId: 'ws', resource: { kind: 'run', id }, data, at: '' });

describe('web: what live events change on the page', () => {
  it('makes the right queries stale', () => {
    expect(keysToInvalidate(ev('run.finished', { runId: 'r1' }))).toEqual([['runs'], ['home-runs'], ['run', 'r1']]);
    expect(keysToInvalidate(ev('run.step_finished', { runId: 'r1' }))).toEqual([['run', 'r1']]);
    expect(keysToInvalidate(ev('memory.sync.progress'))).toEqual([['memory'], ['home-memory']]);
    expect(keysToInvalidate(ev('connection.health_changed', {}, 'c1'))).toContainEqual(['integrations', 'connection', 'c1']);
    expect(keysToInvalidate(ev('stream.resync'))).toEqual([[]]);
    expect(keysToInvalidate(ev('presence.changed'))).toEqual([]);
  });

  it('toasts failures always, successes only of runs started by hand', () => {
    expect(toastFor(ev('run.finished', { status: 'failed', workflowName: 'Invoices', error: { message: 'Step x failed' } }))).toMatchObject({ title: 'Invoices failed', message: 'Step x failed', color: 'red' });
    expect(toastFor(ev('run.finished', { status: 'succeeded', workflowName: 'Invoices', triggerType: 'manual' }))?.title).toBe('Invoices finished');
    expect(toastFor(ev('run.finished', { status: 'succeeded', workflowName: 'Invoices', triggerType: 'schedule' }))).toBeUndefined();
    expect(toastFor(ev('memory.sync.failed', { name: 'Team Drive', error: 'token expired' }))).toMatchObject({ title: 'Sync of Team Drive failed', message: 'token expired' });
    expect(toastFor(ev('run.step_finished'))).toBeUndefined();
  });

  it('invalidates each key once per burst', async () => {
    // A structural stand-in for QueryClient: importing the real one would pull React's DOM types
    // into the Node typecheck project (LiveUpdates.tsx passes the real client; the web typecheck covers it).
    const invalidateQueries = vi.fn((_filters: { queryKey: QueryKey }) => Promise.resolve());
    const invalidate = batchedInvalidator({ invalidateQueries }, 20);
    for (let i = 0; i < 50; i++) invalidate([['run', 'r1'], ['runs']]);
    await new Promise((r) => setTimeout(r, 60));
    expect(invalidateQueries.mock.calls.map((c) => c[0].queryKey)).toEqual([['run', 'r1'], ['runs']]);
  });
});
