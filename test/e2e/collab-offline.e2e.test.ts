import path from 'node:path';
import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/auth.js';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

// ATOM_E2E_WEB_DIST lets a run use a web build made elsewhere; `npm test` builds web/dist.
const webDist = { ATOM_WEB_DIST: path.resolve(process.env['ATOM_E2E_WEB_DIST'] ?? 'web/dist') };

interface DraftStep {
  id: string;
  name?: string;
  ms?: number;
}

/**
 * Co-editing in the browser when one side loses the network: edits made on both sides while apart
 * merge when the connection is back, in both browsers and in the server's stored draft. And the
 * editor's header shows who else is on the workflow.
 */
describe('co-editing a workflow offline, and presence in the editor (two browsers)', { timeout: 180_000 }, () => {
  let session: BrowserSession;
  let base: string;
  let ada: BrowserContext;
  let bob: BrowserContext;
  let workflowId: string;
  let ids: { ada: string; bob: string };

  beforeAll(async () => {
    session = await openSignedInSession(webDist, { email: 'ada@example.test', name: 'Ada Lovelace' });
    base = session.server.url;
    ada = session.context;
    const me = (await (await ada.request.get(`${base}/api/auth/me`)).json()) as { csrfToken: string; user: { id: string } };
    const headers = { 'x-csrf-token': me.csrfToken, origin: base };
    const invitation = (await (await ada.request.post(`${base}/api/invitations`, { headers, data: { email: 'bob@example.test', role: 'member' } })).json()) as { token: string };
    bob = await session.browser.newContext({ bypassCSP: true });
    const signup = await bob.request.post(`${base}/api/auth/signup`, { data: { email: 'bob@example.test', password: TEST_PASSWORD, name: 'Bob Builder', invitation: invitation.token } });
    expect(signup.status()).toBe(201);
    ids = { ada: me.user.id, bob: ((await signup.json()) as { user: { id: string } }).user.id };
    const created = await ada.request.post(`${base}/api/workflows`, {
      headers,
      data: {
        name: 'Shared offline',
        definition: {
          trigger: { type: 'manual' },
          steps: [
            { id: 'first', type: 'transform', expression: '1' },
            { id: 'second', type: 'transform', expression: '2' },
            { id: 'pause', type: 'delay', ms: 100 },
          ],
        },
      },
    });
    workflowId = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await bob?.close();
    await session?.close();
  });

  const editorUrl = () => `${base}/workflows/w/${workflowId}/edit`;
  const waitForEditor = async (page: Page) => {
    await page.getByTestId('node-pause').waitFor();
    await page.getByTestId('collab-status').getByText('Draft synced').waitFor({ timeout: 10_000 });
  };
  const open = async (context: BrowserContext): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(editorUrl());
    await waitForEditor(page);
    return page;
  };
  const select = async (page: Page, stepId: string) => {
    await page.getByTestId(`node-${stepId}`).click();
    await page.getByTestId('step-panel').getByRole('heading', { name: new RegExp(stepId) }).waitFor();
  };
  const serverDraft = async (): Promise<DraftStep[]> => {
    const state = (await (await bob.request.get(`${base}/api/workflows/${workflowId}/collab/state`)).json()) as { definition: { steps: DraftStep[] } };
    return state.definition.steps;
  };
  const avatarOf = (page: Page, userId: string) => page.locator(`[data-testid="presence-avatar"][data-user-id="${userId}"]`);

  it('shows who else is on the workflow as avatars in the editor header, gone within seconds of their tab closing', async () => {
    const [pa, pb] = await Promise.all([open(ada), open(bob)]);
    await avatarOf(pa, ids.bob).waitFor({ timeout: 10_000 });
    await avatarOf(pb, ids.ada).waitFor({ timeout: 10_000 });
    // Both may write, so both are shown as editing.
    expect(await pa.getByRole('group', { name: /Also here: Bob Builder \(editing\)/ }).count()).toBe(1);
    await screenshot(pa, 'collab-presence-avatars');
    expect(await seriousViolations(pa)).toEqual([]);

    const closedAt = Date.now();
    await pb.close();
    await avatarOf(pa, ids.bob).waitFor({ state: 'detached', timeout: 10_000 });
    const goneMs = Date.now() - closedAt;
    console.log(`collab presence: Bob's avatar left Ada's editor ${goneMs} ms after his tab closed`);
    expect(goneMs).toBeLessThan(5000);
    await pa.close();
  });

  it('merges edits both people made while one was offline, in both browsers and on the server, also across a reload while offline', async () => {
    // Ada's collab socket goes through a proxy this test can cut: going offline in Playwright does not
    // close a WebSocket that is already open, and the editor must notice the loss like it would a real one.
    let offline = false;
    const sockets = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
    const pa = await ada.newPage();
    await pa.routeWebSocket(
      (url) => url.pathname.endsWith('/collab'),
      (ws) => {
        if (offline) {
          // As a dead network would: the connection attempt fails.
          void ws.close({ code: 4000, reason: 'offline (test)' });
          return;
        }
        // No message handlers: messages are forwarded both ways as they are.
        sockets.add({ page: ws, server: ws.connectToServer() });
      },
    );
    await pa.goto(editorUrl());
    await waitForEditor(pa);
    // The second load is controlled by the service worker, which then caches the API reads it sees, so
    // the editor can open again while offline.
    await pa.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await pa.reload();
    await waitForEditor(pa);
    const pb = await open(bob);
    await avatarOf(pa, ids.bob).waitFor({ timeout: 10_000 });

    // Ada loses the network: HTTP fails and the collab socket is cut.
    offline = true;
    await ada.setOffline(true);
    for (const s of sockets) {
      await s.server.close({ code: 1001, reason: 'network lost (test)' }).catch(() => undefined);
      await s.page.close({ code: 4000, reason: 'network lost (test)' }).catch(() => undefined);
    }
    sockets.clear();
    await pa.getByTestId('collab-status').getByText('Offline — edits are kept on this device and will sync').waitFor({ timeout: 10_000 });
    await pa.getByTestId('offline-banner').waitFor();
    // Who else is here is unknown while offline: no stale avatars.
    await avatarOf(pa, ids.bob).waitFor({ state: 'detached', timeout: 3000 });

    // Apart: each names a different step, and both change a different field of the same step.
    await select(pa, 'first');
    await pa.getByTestId('step-panel').getByLabel('Name').fill('Alpha, written offline');
    await select(pa, 'pause');
    await pa.getByTestId('step-panel').getByLabel('Name').fill('Pause named by Ada');
    await select(pb, 'second');
    await pb.getByTestId('step-panel').getByLabel('Name').fill('Beta, written meanwhile');
    await select(pb, 'pause');
    await pb.getByTestId('step-panel').getByLabel('Wait (ms)').fill('250');

    // Bob's edits reached the server; Ada's cannot have, and she does not see Bob's.
    await expect.poll(async () => (await serverDraft()).find((s) => s.id === 'pause')?.ms, { timeout: 10_000 }).toBe(250);
    let stored = await serverDraft();
    expect(stored.find((s) => s.id === 'second')?.name).toBe('Beta, written meanwhile');
    expect(stored.find((s) => s.id === 'first')?.name).toBeUndefined();
    expect(stored.find((s) => s.id === 'pause')?.name).toBeUndefined();
    expect(await pa.getByTestId('node-second').textContent()).not.toContain('Beta, written meanwhile');
    await screenshot(pa, 'collab-offline-ada');

    // Ada reloads while still offline: her edits come back from this device (IndexedDB), not the server.
    await pa.waitForTimeout(300);
    await pa.reload();
    await pa.getByTestId('node-first').getByText('Alpha, written offline').waitFor({ timeout: 15_000 });
    await pa.getByTestId('node-pause').getByText('Pause named by Ada').waitFor();
    await pa.getByTestId('collab-status').getByText('Offline — edits are kept on this device and will sync').waitFor();

    // Back online: within seconds both browsers show all four edits.
    const backAt = Date.now();
    offline = false;
    await ada.setOffline(false);
    await pa.getByTestId('collab-status').getByText('Draft synced').waitFor({ timeout: 10_000 });
    await avatarOf(pa, ids.bob).waitFor({ timeout: 5000 });
    await Promise.all([
      pa.getByTestId('node-second').getByText('Beta, written meanwhile').waitFor({ timeout: 10_000 }),
      pb.getByTestId('node-first').getByText('Alpha, written offline').waitFor({ timeout: 10_000 }),
      pb.getByTestId('node-pause').getByText('Pause named by Ada').waitFor({ timeout: 10_000 }),
    ]);
    const mergedMs = Date.now() - backAt;
    console.log(`collab offline: both browsers showed the merged draft ${mergedMs} ms after the network came back`);
    expect(mergedMs).toBeLessThan(10_000);
    for (const page of [pa, pb]) {
      await page.getByTestId('node-first').getByText('Alpha, written offline').waitFor();
      await page.getByTestId('node-second').getByText('Beta, written meanwhile').waitFor();
      await page.getByTestId('node-pause').getByText('Pause named by Ada').waitFor();
    }
    // The same step's other field, changed by Bob, is kept beside Ada's name for it.
    await select(pa, 'pause');
    await expect.poll(() => pa.getByTestId('step-panel').getByLabel('Wait (ms)').inputValue()).toBe('250');
    await expect.poll(() => pa.getByTestId('step-panel').getByLabel('Name').inputValue()).toBe('Pause named by Ada');

    // The server stored the merge: its draft, and a third browser with nothing on the device.
    await expect.poll(async () => (await serverDraft()).find((s) => s.id === 'first')?.name, { timeout: 10_000 }).toBe('Alpha, written offline');
    stored = await serverDraft();
    expect(stored.map((s) => [s.id, s.name, s.ms])).toEqual([
      ['first', 'Alpha, written offline', undefined],
      ['second', 'Beta, written meanwhile', undefined],
      ['pause', 'Pause named by Ada', 250],
    ]);
    const third = await session.browser.newContext({ bypassCSP: true, serviceWorkers: 'block', storageState: await bob.storageState() });
    try {
      const pc = await open(third);
      await pc.getByTestId('node-first').getByText('Alpha, written offline').waitFor();
      await pc.getByTestId('node-second').getByText('Beta, written meanwhile').waitFor();
      await pc.getByTestId('node-pause').getByText('Pause named by Ada').waitFor();
    } finally {
      await third.close();
    }
    await screenshot(pa, 'collab-offline-merged');
    expect(await seriousViolations(pa)).toEqual([]);

    // The browser's own offline event ends the socket at once: here the proxy keeps forwarding (as a
    // socket that has not noticed the lost network would), yet the editor goes offline and holds the edit.
    await ada.setOffline(true);
    await pa.getByTestId('collab-status').getByText('Offline — edits are kept on this device and will sync').waitFor({ timeout: 3000 });
    await pa.getByTestId('step-panel').getByLabel('Name').fill('Pause renamed offline again');
    await pa.waitForTimeout(500);
    expect(await pb.getByTestId('node-pause').textContent()).toContain('Pause named by Ada');
    await ada.setOffline(false);
    await pb.getByTestId('node-pause').getByText('Pause renamed offline again').waitFor({ timeout: 5000 });
    await pa.getByTestId('collab-status').getByText('Draft synced').waitFor();
  });
});
