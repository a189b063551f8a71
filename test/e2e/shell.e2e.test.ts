import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpInBrowser } from '../support/auth.js';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

/** The shell's own behaviour, for a signed-in person (the app sends everyone else to the sign-in page). */
describe('web app shell (browser)', { timeout: 90_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync('web/dist/index.html')) throw new Error('web/dist is not built: `npm test` builds it (npm run build:web).');
    server = await startTestServer();
    browser = await launchBrowser();
  });
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  const open = async (path: string) => {
    const context = await browser.newContext();
    contexts.push(context);
    await signUpInBrowser(context, server.url);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}${path}`);
    return { page, errors };
  };

  const mainHeading = (page: Page) => page.locator('main h1').first();

  it('serves the app shell with a live status of the server', async () => {
    // The status card reads /ready, which is public, so it works before sign-in too.
    const { page, errors } = await open('/');
    await page.waitForSelector('[data-testid="status-card"][data-state="ready"]');
    await expect(page.getByText('All systems ready').isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-check="database"]').getAttribute('data-ok')).resolves.toBe('true');
    await screenshot(page, 'shell-home');
    expect(errors).toEqual([]);
  });

  it('serves deep links to client routes (SPA fallback)', async () => {
    const { page } = await open('/workflows/some/deep/link');
    await page.waitForSelector('main h1');
    expect(await page.title()).toBe('Atom');
    const res = await fetch(`${server.url}/workflows/some/deep/link`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
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

  it('is installable: manifest with icons, and a service worker', async () => {
    const manifest = (await (await fetch(`${server.url}/manifest.webmanifest`)).json()) as { name: string; display: string; icons: { sizes: string }[] };
    expect(manifest).toMatchObject({ name: 'Atom', display: 'standalone' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const size of ['192', '512']) expect((await fetch(`${server.url}/icons/icon-${size}.png`)).status).toBe(200);
    const { page } = await open('/');
    // Expressions as strings: they run in the page, whose DOM types this Node project does not load.
    const scope = await page.evaluate<string>('navigator.serviceWorker.ready.then((r) => r.scope)');
    expect(scope).toBe(`${server.url}/`);
  });

  it('reports Core Web Vitals to the server', async () => {
    const res = await fetch(`${server.url}/api/telemetry/vitals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'LCP', value: 812, rating: 'good', path: '/' }),
    });
    expect(res.status).toBe(204);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/atom_web_vitals_seconds_count\{name="LCP",rating="good"\} 1/);
    const bad = await fetch(`${server.url}/api/telemetry/vitals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"XSS","value":-1}' });
    expect(bad.status).toBe(400);
  });

  it('opens the shell offline from the service worker, with an offline banner', async () => {
    const context = await browser.newContext();
    try {
      await signUpInBrowser(context, server.url);
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
      // Second load is controlled by the service worker, which caches the API reads it sees.
      await page.reload();
      await page.waitForSelector('[data-testid="status-card"][data-state="ready"]');
      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector('[data-testid="offline-banner"]');
      await expect(page.getByTestId('offline-banner').textContent()).resolves.toContain('You are offline');
      await mainHeading(page).waitFor({ state: 'visible', timeout: 10_000 });
      // The last /ready answer this device saw is shown from the cache.
      await page.waitForSelector('[data-testid="status-card"][data-state="ready"]', { timeout: 10_000 });
      await screenshot(page, 'shell-offline');
    } finally {
      await context.close();
    }
  });
});

describe('web app shell: palette, theme, accessibility (browser)', { timeout: 90_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has no serious or critical axe violations on the shell, in light and dark mode', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      // bypassCSP lets the test inject axe-core; the app itself keeps its strict CSP.
      const context = await browser.newContext({ colorScheme, bypassCSP: true });
      await signUpInBrowser(context, server.url);
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForSelector('main h1');
      await page.waitForSelector('[data-testid="status-card"]:not([data-state="checking"])');
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    }
  });

  it('command palette (Ctrl+K) jumps to a section and toggles the theme', async () => {
    const context = await browser.newContext();
    await signUpInBrowser(context, server.url);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForSelector('main h1');
    await page.keyboard.press('Control+K');
    const search = page.getByLabel('Command palette search');
    await search.waitFor();
    await search.fill('memory');
    await screenshot(page, 'command-palette');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/memory');
    const before = await page.locator('html').getAttribute('data-mantine-color-scheme');
    await page.getByRole('button', { name: /Search or ask/ }).click();
    await search.fill('dark mode');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('html').getAttribute('data-mantine-color-scheme'))
      .not.toBe(before);
  });

  it('keyboard: skip link and visible focus reach the main content', async () => {
    const context = await browser.newContext();
    await signUpInBrowser(context, server.url);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForSelector('main h1');
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string | undefined>('document.activeElement?.textContent')).resolves.toBe('Skip to content');
  });
});
