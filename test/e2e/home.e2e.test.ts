import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

describe('home page (browser)', { timeout: 90_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    if (!existsSync('web/dist/index.html')) throw new Error('web/dist is not built: `npm test` builds it (npm run build:web).');
    server = await startTestServer();
    browser = await launchBrowser();
    context = await browser.newContext({ bypassCSP: true });
    const signup = await context.request.post(`${server.url}/api/auth/signup`, {
      data: { email: 'home@example.test', password: 'correct horse battery staple', name: 'Home Owner' },
    });
    expect(signup.status()).toBe(201);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('puts the chat box first, then runs, connections needing attention and memory sync', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const box = page.getByLabel('Message Atom');
    await box.waitFor();
    for (const id of ['recent-runs', 'connections-attention', 'memory-sync']) {
      await page.getByTestId(id).waitFor();
    }
    await expect(page.getByTestId('recent-runs').textContent()).resolves.toContain('No runs yet');
    await expect(page.getByTestId('connections-attention').textContent()).resolves.toContain('No services connected yet');
    await expect(page.getByTestId('memory-sync').textContent()).resolves.toContain('Nothing synced yet');
    await screenshot(page, 'home');
    expect(await seriousViolations(page)).toEqual([]);
    await box.fill('what did we spend on travel?');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/chat');
    expect(new URL(page.url()).searchParams.get('q')).toBe('what did we spend on travel?');
  });
});
