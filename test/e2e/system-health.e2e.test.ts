import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

describe('system health dashboard (browser)', { timeout: 90_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    if (!existsSync('web/dist/index.html')) throw new Error('web/dist is not built: `npm test` builds it (npm run build:web).');
    // Sample fast so the charts have points within the test.
    server = await startTestServer({ ATOM_HEALTH_SAMPLE_MS: '1000' });
    browser = await launchBrowser();
    context = await browser.newContext({ bypassCSP: true });
    // The first account owns the first workspace, so it is an admin.
    const signup = await context.request.post(`${server.url}/api/auth/signup`, {
      data: { email: 'owner@example.test', password: 'correct horse battery staple', name: 'Owner' },
    });
    expect(signup.status()).toBe(201);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('shows dependencies, traffic charts and no alerts on a healthy server', async () => {
    for (let i = 0; i < 5; i++) await fetch(`${server.url}/health`);
    await new Promise((r) => setTimeout(r, 2500));
    const page = await context.newPage();
    await page.goto(`${server.url}/system`);
    await page.getByRole('heading', { name: 'System health' }).waitFor();
    await expect(page.getByTestId('system-status').textContent()).resolves.toBe('healthy');
    await expect(page.locator('[data-check="database"]').getAttribute('data-ok')).resolves.toBe('true');
    await page.locator('.recharts-surface').first().waitFor();
    await screenshot(page, 'system-health');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('is refused to anonymous callers', async () => {
    const res = await fetch(`${server.url}/api/system/health`);
    expect(res.status).toBe(401);
  });
});
