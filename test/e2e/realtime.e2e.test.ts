import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/auth.js';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

describe('live updates, toasts and presence (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let url: string;
  let owner: BrowserContext;
  let csrf: string;
  let ownerId: string;
  let workflowId: string;

  const post = async (context: BrowserContext, path: string, data: unknown, token = csrf) => {
    const res = await context.request.post(`${url}${path}`, { data, headers: { 'x-csrf-token': token } });
    if (res.status() >= 300) throw new Error(`POST ${path} answered ${res.status()}: ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    session = await openSignedInSession({ ATOM_JOBS_POLL_INTERVAL_MS: '20' }, { name: 'Ada Owner' });
    url = session.server.url;
    owner = session.context;
    const me = (await (await owner.request.get(`${url}/api/auth/me`)).json()) as { csrfToken: string; user: { id: string } };
    csrf = me.csrfToken;
    ownerId = me.user.id;
    // A short delay keeps the run going while the page watches.
    const wf = await post(owner, '/api/workflows', {
      name: 'Nightly report',
      definition: { trigger: { type: 'manual' }, steps: [{ id: 'pause', type: 'delay', ms: 800 }, { id: 'sum', type: 'transform', expression: '1 + 1' }] },
    });
    workflowId = String(wf['id']);
  });
  afterAll(() => session?.close());

  it('a finished run shows a toast and appears on the runs page without a reload', async () => {
    const page = await owner.newPage();
    await page.goto(`${url}/workflows/runs`);
    await page.getByRole('heading', { name: 'Run history' }).waitFor();
    // Marks this document: a reload or navigation would lose the mark.
    await page.evaluate('window.__noReload = true');
    await page.waitForTimeout(500);
    expect(await page.locator('[data-run-row]').count()).toBe(0);

    const run = await post(owner, `/api/workflows/${workflowId}/run`, {});
    await page.getByText('Nightly report finished').waitFor({ timeout: 15_000 });
    const row = page.locator('[data-run-row]').first();
    await row.getByText('succeeded').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-run-row]').count()).toBe(1);
    expect(await page.evaluate('window.__noReload === true')).toBe(true);
    expect(run['id']).toBeTruthy();
    await screenshot(page, 'realtime-run-toast');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('two people on the same workflow see each other, and a closed tab disappears within seconds', async () => {
    // A second person, invited as a member, in their own browser context.
    const invitation = await post(owner, '/api/invitations', { email: 'grace@example.test', role: 'member' });
    const guest = await session.browser.newContext({ bypassCSP: true });
    const signup = await guest.request.post(`${url}/api/auth/signup`, { data: { email: 'grace@example.test', password: TEST_PASSWORD, name: 'Grace Member', invitation: invitation['token'] } });
    expect(signup.status()).toBe(201);
    const guestId = ((await signup.json()) as { user: { id: string } }).user.id;

    const ownerPage = await owner.newPage();
    await ownerPage.goto(`${url}/workflows/w/${workflowId}`);
    await ownerPage.getByRole('heading', { name: 'Nightly report' }).waitFor();
    const guestPage: Page = await guest.newPage();
    await guestPage.goto(`${url}/workflows/w/${workflowId}`);
    await guestPage.getByRole('heading', { name: 'Nightly report' }).waitFor();

    await ownerPage.locator(`[data-testid="presence-avatar"][data-user-id="${guestId}"]`).waitFor({ timeout: 10_000 });
    await guestPage.locator(`[data-testid="presence-avatar"][data-user-id="${ownerId}"]`).waitFor({ timeout: 10_000 });
    expect(await ownerPage.getByRole('group', { name: /Also here: Grace Member \(viewing\)/ }).count()).toBe(1);
    await screenshot(ownerPage, 'realtime-presence');
    expect(await seriousViolations(ownerPage)).toEqual([]);

    // The guest closes their browser: gone from the owner's page within seconds.
    const closedAt = Date.now();
    await guest.close();
    await ownerPage.locator(`[data-testid="presence-avatar"][data-user-id="${guestId}"]`).waitFor({ state: 'detached', timeout: 10_000 });
    const goneMs = Date.now() - closedAt;
    console.log(`presence: avatar gone ${goneMs} ms after the other tab closed`);
    expect(goneMs).toBeLessThan(5000);
    await ownerPage.close();
  });
});
