import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

/** A viewer (a narrow role) sees side-effect buttons disabled or hidden, each time with the reason. */
describe('viewer role (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let viewer: BrowserContext;
  let page: Page;
  let workflowId: string;

  beforeAll(async () => {
    session = await openSignedInSession({ ATOM_LOGIN_DELAY_MS: '0' }, { email: 'owner-v@example.test', name: 'Owner' });
    const { server, context } = session;
    const csrf = ((await (await context.request.get(`${server.url}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    const headers = { 'x-csrf-token': csrf, origin: server.url };
    const created = await context.request.post(`${server.url}/api/workflows`, {
      headers,
      data: { name: 'Weekly digest', definition: { trigger: { type: 'manual' }, steps: [{ id: 'log', type: 'action', action: 'core.log', input: { message: 'hi' } }] } },
    });
    expect(created.status()).toBe(201);
    workflowId = ((await created.json()) as { id: string }).id;
    const invitation = await context.request.post(`${server.url}/api/invitations`, { headers, data: { email: 'vera@example.test', role: 'viewer' } });
    expect(invitation.status()).toBe(201);
    const { token } = (await invitation.json()) as { token: string };
    viewer = await session.browser.newContext({ bypassCSP: true });
    const signup = await viewer.request.post(`${server.url}/api/auth/signup`, { data: { email: 'vera@example.test', password: 'correct horse battery staple', name: 'Vera Viewer', invitation: token } });
    expect(signup.status()).toBe(201);
    page = await viewer.newPage();
  });
  afterAll(async () => {
    await viewer?.close();
    await session?.close();
  });

  it('workflow page: activate and run are disabled, and it says why', async () => {
    await page.goto(`${session.server.url}/workflows/w/${workflowId}`);
    await page.getByRole('heading', { name: 'Weekly digest' }).waitFor();
    await page.getByText('Your role can see this workflow and its runs but not run or change it.').waitFor();
    for (const name of ['Validate and activate', 'Dry run', 'Run now']) {
      await expect(page.getByRole('button', { name }).isDisabled()).resolves.toBe(true);
    }
    expect(await page.getByRole('button', { name: 'Roll back to this' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('editor: test, dry run, run and save are disabled, with the reason', async () => {
    await page.goto(`${session.server.url}/workflows/w/${workflowId}/edit`);
    await page.getByText('Your role can view this workflow but not change it.').waitFor();
    await page.getByText('Your role may not run this workflow.').waitFor();
    for (const name of ['Dry run', 'Run now']) {
      await expect(page.getByRole('button', { name, exact: true }).isDisabled()).resolves.toBe(true);
    }
    await screenshot(page, 'viewer-editor');
  });

  it('workflows page: creating is disabled or hidden, and it says why', async () => {
    await page.goto(`${session.server.url}/workflows`);
    await page.getByTestId('read-only-reason').waitFor();
    await expect(page.getByTestId('read-only-reason').textContent()).resolves.toContain('Your role (viewer) can see workflows and their runs but not create or change them.');
    await expect(page.getByRole('button', { name: 'New workflow' }).isDisabled()).resolves.toBe(true);
    // Drafting from a description and importing are not offered at all.
    expect(await page.getByRole('button', { name: 'Draft workflow' }).count()).toBe(0);
    const useTemplate = page.getByTestId('template-gallery').getByRole('button', { name: 'Use template' });
    await useTemplate.first().waitFor();
    const states = await useTemplate.evaluateAll((buttons) => buttons.map((b) => (b as { disabled: boolean }).disabled));
    expect(states.length).toBeGreaterThan(0);
    expect(states.every(Boolean)).toBe(true);
    await screenshot(page, 'viewer-workflows');
    expect(await seriousViolations(page)).toEqual([]);
    // The API refuses too: the buttons only say what the server would answer.
    const csrf = ((await (await viewer.request.get(`${session.server.url}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    const refused = await viewer.request.post(`${session.server.url}/api/workflows/${workflowId}/run`, { headers: { 'x-csrf-token': csrf, origin: session.server.url }, data: {} });
    expect(refused.status()).toBe(403);
  });
});
