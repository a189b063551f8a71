import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

// ATOM_E2E_WEB_DIST lets a run use a web build made elsewhere; `npm test` builds web/dist.
const webDist = process.env['ATOM_E2E_WEB_DIST'] ?? 'web/dist';

/**
 * Sign-up → onboarding: a new account lands on home with a checklist that ticks off from real state; and
 * what a newcomer meets next without a model key ("Settings → AI" in a run's error) is a link.
 */
describe('sign-up → onboarding (browser)', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html'))) throw new Error(`${webDist} is not built: \`npm test\` builds it (npm run build:web).`);
    server = await startTestServer({ ATOM_WEB_DIST: path.resolve(webDist), ATOM_LOGIN_DELAY_MS: '0' });
    browser = await launchBrowser();
    // bypassCSP lets the test inject axe-core; the app itself keeps its strict CSP.
    page = await (await browser.newContext({ bypassCSP: true })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const step = (id: string) => page.getByTestId('onboarding').locator(`[data-step="${id}"]`);

  it('lands a new account on home with the checklist, follows one item and sees it ticked, then hides it for good', async () => {
    await page.goto(`${server.url}/sign-up`);
    await page.getByLabel('Your name').fill('Nia Newcomer');
    await page.getByLabel('Email').fill('nia@example.test');
    await page.locator('input[type="password"]').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).toBe('/');

    const checklist = page.getByTestId('onboarding');
    await checklist.getByRole('heading', { name: 'Get started' }).waitFor();
    await expect(checklist.getByText('0 of 4 done').count()).resolves.toBe(1);
    for (const id of ['connect_service', 'create_workflow', 'add_documents', 'first_run', 'model_key']) {
      await expect(step(id).getAttribute('data-done')).resolves.toBe('false');
    }
    // The suggestions card carries the same first-run set.
    const suggested = page.getByTestId('recommendations');
    await suggested.locator('[data-key="start:connect_service"]').waitFor();
    await expect(suggested.locator('[data-key="start:create_workflow"]').count()).resolves.toBe(1);
    await screenshot(page, 'onboarding-home');
    expect(await seriousViolations(page)).toEqual([]);

    // Follow "Create a workflow": the item's own link, then the blank path.
    await step('create_workflow').getByRole('link', { name: 'Try a template' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/workflows');
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByLabel('Name').fill('My first workflow');
    await page.getByRole('button', { name: 'Create and open the editor' }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).toMatch(/^\/workflows\/w\/[^/]+\/edit$/);

    await page.getByRole('link', { name: 'Home', exact: true }).first().click();
    await expect.poll(() => step('create_workflow').getAttribute('data-done'), { timeout: 10_000 }).toBe('true');
    await expect(step('create_workflow').textContent()).resolves.toContain('(done)');
    await expect(checklist.getByText('1 of 4 done').count()).resolves.toBe(1);
    await expect(step('connect_service').getAttribute('data-done')).resolves.toBe('false');
    await screenshot(page, 'onboarding-ticked');

    await checklist.getByRole('button', { name: 'Hide checklist' }).click();
    await expect.poll(() => checklist.count()).toBe(0);
    await page.reload();
    // The suggestions no longer carry the step that is done; the rest of the first-run set stays.
    await suggested.locator('[data-key="start:connect_service"]').waitFor();
    expect(await suggested.locator('[data-key="start:create_workflow"]').count()).toBe(0);
    expect(await page.getByTestId('onboarding').count()).toBe(0);
  });

  it('links "Settings → AI" in a run error outside chat (an AI step without a model key)', async () => {
    const context = page.context();
    const csrf = ((await (await context.request.get(`${server.url}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    const headers = { 'x-csrf-token': csrf, origin: server.url };
    const definition = { trigger: { type: 'manual' }, steps: [{ id: 'summary', type: 'ai', prompt: 'Summarise the week' }] };
    const created = await context.request.post(`${server.url}/api/workflows`, { headers, data: { name: 'Needs a model', definition } });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const run = (await (await context.request.post(`${server.url}/api/workflows/${id}/run`, { headers, data: { version: 'latest', waitMs: 10_000 } })).json()) as { id: string };
    await page.goto(`${server.url}/workflows/runs/${run.id}`);
    const error = page.getByTestId('run-error');
    await error.waitFor({ timeout: 20_000 });
    await error.getByRole('link', { name: 'Settings → AI' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/settings/ai');
  });
});
