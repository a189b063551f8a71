import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

describe('workflow pages (browser)', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    if (!existsSync('web/dist/index.html')) throw new Error('web/dist is not built: `npm test` builds it (npm run build:web).');
    server = await startTestServer();
    browser = await launchBrowser();
    context = await browser.newContext({ bypassCSP: true });
    const signup = await context.request.post(`${server.url}/api/auth/signup`, { data: { email: 'wf@example.test', password: 'correct horse battery staple', name: 'Flows' } });
    expect(signup.status()).toBe(201);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('starts a workflow from a template, then shows its versions, a diff and a rollback', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/workflows`);
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    const gallery = page.getByTestId('template-gallery');
    await gallery.getByText('Uptime check with Slack alert').waitFor();
    // Only working templates are offered: the page shows exactly what the API offers (it filters out
    // templates whose actions or triggers Atom lacks).
    const offered = ((await (await context.request.get(`${server.url}/api/templates`)).json()) as { items: unknown[] }).items.length;
    await expect.poll(() => gallery.getByRole('button', { name: 'Use template' }).count()).toBe(offered);
    expect(offered).toBeGreaterThanOrEqual(19);
    await gallery.locator('div', { hasText: 'Uptime check with Slack alert' }).getByRole('button', { name: 'Use template' }).last().click();
    // The template asks what it needs before it is created: no example.com or #general filled in.
    const dialog = page.getByRole('dialog');
    // It also asks which Slack connection to use; with none yet, it offers to connect one now.
    const connectSlack = dialog.getByTestId('template-connect-slack');
    await connectSlack.waitFor();
    await expect(connectSlack.getByRole('link', { name: 'Connect it now' }).getAttribute('href')).resolves.toBe('/integrations?connect=slack');
    await dialog.getByLabel('Slack channel').fill('#ops-alerts');
    await dialog.locator('input[type="url"]').fill('https://status.acme.test/health');
    await dialog.getByRole('button', { name: 'Create workflow' }).click();
    await page.waitForURL(/\/workflows\/w\//);
    const id = page.url().split('/').pop() ?? '';
    await page.getByTestId('workflow-versions').getByText('From template uptime-check-alert').waitFor();

    // A second version saved through the API, then compared and rolled back in the page.
    const csrf = ((await (await context.request.get(`${server.url}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    const wf = (await (await context.request.get(`${server.url}/api/workflows/${id}`)).json()) as { draft: { steps: { id: string; type: string; input?: Record<string, unknown> }[] } & Record<string, unknown> };
    const changed = { ...wf.draft, steps: wf.draft.steps.map((s) => (s.id === 'probe' ? { ...s, input: { ...s.input, url: 'https://example.org/healthz' } } : s)) };
    const saved = await context.request.put(`${server.url}/api/workflows/${id}`, { headers: { 'x-csrf-token': csrf, origin: server.url }, data: { definition: changed, message: 'probe another URL' } });
    expect(saved.status()).toBe(200);
    await page.reload();
    await page.getByTestId('workflow-versions').getByText('probe another URL').waitFor();
    await page.getByLabel('Compare', { exact: true }).first().click();
    await page.getByRole('option', { name: /^v1/ }).click();
    await page.getByLabel('with', { exact: true }).first().click();
    await page.getByRole('option', { name: /^v2/ }).click();
    await page.getByTestId('workflow-diff').getByText('step probe.input.url').waitFor();
    await screenshot(page, 'workflow-versions-diff');
    await page.getByRole('button', { name: 'Roll back to this' }).last().click();
    await page.getByTestId('workflow-versions').getByText('Rollback to version 1').waitFor();
  });
});
