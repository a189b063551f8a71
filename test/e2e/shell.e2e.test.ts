import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

describe('web app shell (browser)', () => {
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

  it('opens the shell with navigation and a live status card', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}/`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Workflows' }).isVisible()).resolves.toBe(true);
    const card = page.getByTestId('status-card');
    await card.locator('[data-state="ready"]').or(card.and(page.locator('[data-state="ready"]'))).first().waitFor();
    await expect(card.getAttribute('data-state')).resolves.toBe('ready');
    await expect(card.getByText('All systems ready').isVisible()).resolves.toBe(true);
    await expect(card.locator('[data-check="database"]').getAttribute('data-ok')).resolves.toBe('true');
    await screenshot(page, 'shell-home');
    expect(errors).toEqual([]);
  });

  it('navigates client-side and serves deep links (SPA fallback)', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Memory' }).click();
    await page.waitForURL(`${server.url}/memory`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Memory');
    await page.goto(`${server.url}/workflows/some/deep/link`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Workflows');
    await screenshot(page, 'shell-deep-link');
  });

  it('caches hashed assets for a year and index.html not at all', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = /\/assets\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const res = await fetch(`${server.url}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${server.url}/assets/nope-123.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
