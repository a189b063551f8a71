import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionRepository } from '../../src/integrations/connections/connection-repository.js';
import { seriousViolations } from '../support/axe.js';
import { TEST_PASSWORD } from '../support/auth.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

/**
 * Comments, mentions, the inbox and recommendations in a real browser: Ada mentions Grace in a comment
 * (picked from the @ autocomplete); Grace sees the unread badge and the notification in her inbox, then
 * dismisses a recommendation and it stays gone after a reload.
 */
describe('comments, inbox and recommendations (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let server: BrowserSession['server'];
  let ada: BrowserContext;
  let grace: BrowserContext;
  let workflowId: string;

  beforeAll(async () => {
    session = await openSignedInSession({}, { email: 'ada-social@example.test', name: 'Ada Lovelace' });
    ({ server, context: ada } = session);
    const me = (await (await ada.request.get(`${server.url}/api/auth/me`)).json()) as { csrfToken: string; workspace: { id: string }; user: { id: string } };
    const headers = { 'x-csrf-token': me.csrfToken, origin: server.url };
    const wf = await ada.request.post(`${server.url}/api/workflows`, {
      headers,
      data: { name: 'Invoice intake', definition: { trigger: { type: 'manual' }, steps: [{ id: 'log', type: 'action', action: 'core.log', input: { message: 'hi' } }] } },
    });
    expect(wf.status()).toBe(201);
    workflowId = ((await wf.json()) as { id: string }).id;
    const inv = await ada.request.post(`${server.url}/api/invitations`, { headers, data: { email: 'grace-social@example.test', role: 'member' } });
    const token = ((await inv.json()) as { token: string }).token;
    grace = await session.browser.newContext({ bypassCSP: true });
    const signup = await grace.request.post(`${server.url}/api/auth/signup`, { data: { email: 'grace-social@example.test', password: TEST_PASSWORD, name: 'Grace Hopper', invitation: token } });
    expect(signup.status()).toBe(201);
    // A connected Slack with no workflow posting to it: Grace gets template suggestions.
    await connectionRepository(server.ctx.db).create({ workspaceId: me.workspace.id, userId: null, serviceId: 'slack', label: 'Acme Slack', authKind: 'oauth2', credentialsSealed: 'x', scopes: [], accountLabel: null, expiresAt: null, createdBy: me.user.id });
  });
  afterAll(async () => {
    await grace?.close();
    await session?.close();
  });

  it('Ada mentions Grace; Grace sees it in her inbox; a dismissed recommendation stays gone', async () => {
    const page = await ada.newPage();
    await page.goto(`${server.url}/workflows/w/${workflowId}`);
    const box = page.getByLabel('New comment');
    await box.waitFor();
    await box.click();
    await page.keyboard.type('Please check the totals @Gra');
    await page.getByTestId('mention-options').getByRole('option', { name: /Grace Hopper/ }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('Please check the totals @Grace Hopper ');
    await page.keyboard.type('thanks!');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByTestId('comment').filter({ hasText: 'Please check the totals @Grace Hopper thanks!' }).waitFor();
    await screenshot(page, 'workflow-comments');
    expect(await seriousViolations(page)).toEqual([]);

    const g = await grace.newPage();
    await g.goto(`${server.url}/`);
    await g.getByRole('link', { name: 'Inbox, 1 unread' }).click();
    await expect.poll(() => new URL(g.url()).pathname).toBe('/inbox');
    const note = g.getByTestId('notification').filter({ hasText: 'Ada Lovelace mentioned you on “Invoice intake”' });
    await note.waitFor();
    await expect(note.textContent()).resolves.toContain('Please check the totals @Grace Hopper thanks!');
    await screenshot(g, 'inbox');
    expect(await seriousViolations(g)).toEqual([]);
    // Following the link opens the workflow at the comment and marks it read.
    await note.getByRole('link').click();
    await g.getByTestId('comment').first().waitFor();
    expect(new URL(g.url()).hash).toMatch(/^#comment-/);
    await expect.poll(async () => ((await (await grace.request.get(`${server.url}/api/notifications/unread-count`)).json()) as { unread: number }).unread).toBe(0);

    await g.goto(`${server.url}/`);
    const first = g.getByTestId('recommendation').first();
    await first.waitFor();
    const key = await first.getAttribute('data-key');
    expect(key).toMatch(/^template:/);
    await expect(first.textContent()).resolves.toContain('Because you connected Slack and have no workflow posting to it yet.');
    await first.getByRole('button', { name: /^Dismiss/ }).click();
    await expect.poll(() => g.locator(`[data-key="${key}"]`).count()).toBe(0);
    await g.reload();
    await g.getByTestId('recommendation').first().waitFor();
    expect(await g.locator(`[data-key="${key}"]`).count()).toBe(0);
    await screenshot(g, 'home-recommendations');
    expect(await seriousViolations(g)).toEqual([]);
  });
});
