import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpInBrowser } from '../../../test/support/auth.js';
import { launchBrowser, screenshot } from '../../../test/support/browser.js';
import { startTestServer } from '../../../test/support/server.js';

/** A new user without any model key: the home box, a drafted workflow activated from chat, a document question. */
describe('chat without a model key (browser)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync('web/dist/index.html')) throw new Error('web/dist is not built: `npm test` builds it (npm run build:web).');
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('drafts and activates a workflow from the home box, then answers a document question with the passage and its link', async () => {
    const context = await browser.newContext();
    await signUpInBrowser(context, server.url);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${server.url}/`);
    await page.getByLabel('Message Atom').fill('every hour call https://example.com/ping');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/\/chat\/conv_/);
    await page.locator('[aria-label^="Workflow "]').first().waitFor();
    await expect(page.getByRole('link', { name: 'Open in editor' }).getAttribute('href')).resolves.toMatch(/^\/workflows\/w\/.+\/edit$/);
    // The note on what a key adds, once, with its link.
    await expect(page.getByRole('link', { name: 'Settings → AI' }).getAttribute('href')).resolves.toBe('/settings/ai');
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('button', { name: 'Activated' }).waitFor();
    await screenshot(page, 'ai-chat-offline-workflow');
    const href = await page.getByRole('link', { name: 'Open in editor' }).getAttribute('href');
    const id = /\/workflows\/w\/([^/]+)\/edit/.exec(href ?? '')![1]!;
    const wf = (await (await context.request.get(`${server.url}/api/workflows/${id}`)).json()) as { active: boolean };
    expect(wf.active).toBe(true);

    const { csrfToken } = (await (await context.request.get(`${server.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    const up = await context.request.post(`${server.url}/api/memory/documents?wait=true`, {
      headers: { 'x-csrf-token': csrfToken },
      multipart: { file: { name: 'leave-policy.md', mimeType: 'text/markdown', buffer: Buffer.from('# Leave policy\n\nEmployees get 27 days of paid annual leave, plus public holidays.') } },
    });
    expect(up.status()).toBe(201);

    await page.getByLabel('Message', { exact: true }).fill('How many days of paid annual leave do I get?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/27 days of paid annual leave/).first().waitFor();
    const source = page.getByRole('list', { name: 'Sources' }).getByRole('link');
    await expect(source.first().getAttribute('href')).resolves.toMatch(/^\/memory\/documents\/.+/);
    await screenshot(page, 'ai-chat-offline-document');
    expect(errors).toEqual([]);
  });
});
