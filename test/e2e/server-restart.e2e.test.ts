import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/openai/server.js';
import { signUpInBrowser } from '../support/auth.js';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

const KEY = 'sk-test-server-restart';

/** A free port, so the server can be started again on the same origin (service worker and cookies are per origin). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const address = srv.address();
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Issue #8 acceptance with the server really stopped (not `setOffline`): a reload of the installed app shows
 * the shell and cached data, a message sent meanwhile is queued, and it is delivered once the same server
 * (same port and data) is back, without a reload: the offline banner probes /health, so it tells a
 * stopped server apart from a browser that is online, and sends the queue when the server answers again.
 */
describe('server stopped and restarted (browser)', { timeout: 180_000 }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'atom-restart-'));
    env = { ATOM_DATA_DIR: dataDir, ATOM_PORT: String(await freePort()), ATOM_SSRF_ALLOW: '127.0.0.1' };
    openai = await startFakeOpenAI({ keys: [KEY] });
    server = await startTestServer(env);
    browser = await launchBrowser();
    context = await browser.newContext({ bypassCSP: true });
    await signUpInBrowser(context, server.url, { email: 'restart@example.test', name: 'Restart Owner' });
    const url = server.url;
    const csrf = ((await (await context.request.get(`${url}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    const key = await context.request.post(`${url}/api/ai/keys`, { headers: { 'x-csrf-token': csrf, origin: url }, data: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
    expect(key.status()).toBe(201);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await openai?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('reloads the shell with cached data while the server is stopped, queues a message, and delivers it after a restart', async () => {
    const url = server!.url;
    const page = await context.newPage();
    // A first conversation while the server is up, so the chat list has data to show from the cache.
    const first = 'Plan the quarterly review';
    openai.script({ text: 'Sure, let us plan it.' });
    await page.goto(`${url}/chat`);
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await page.getByLabel('Message', { exact: true }).fill(first);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Sure, let us plan it.').waitFor({ timeout: 30_000 });

    // Visit home and chat twice: the second visits are controlled by the service worker, which caches them.
    for (let i = 0; i < 2; i++) {
      await page.goto(`${url}/`);
      await page.waitForSelector('[data-testid="status-card"][data-state="ready"]');
      await page.goto(`${url}/chat`);
      await page.getByRole('link', { name: first }).or(page.getByText(first, { exact: true })).first().waitFor();
    }

    await server!.close();
    server = undefined;

    // Home: the shell and the last /ready answer, from the service worker's cache.
    await page.goto(`${url}/`);
    await page.waitForSelector('main h1');
    await page.waitForSelector('[data-testid="status-card"][data-state="ready"]', { timeout: 10_000 });
    // The network is up, the server is not: the banner says so (it probes /health, which is never cached).
    await page.getByTestId('offline-banner').getByText("You are offline: Atom's server cannot be reached", { exact: false }).waitFor({ timeout: 10_000 });

    // Chat: the cached conversation list; a new message is queued, not lost.
    await page.goto(`${url}/chat`);
    await page.getByText(first, { exact: true }).first().waitFor({ timeout: 10_000 });
    const message = 'Remember that the server restarted';
    openai.script({ text: 'Noted: the server restarted.' });
    await page.getByLabel('Message', { exact: true }).fill(message);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('queued: will be sent when you are back online').waitFor({ timeout: 15_000 });
    expect(openai.requests.filter((r) => r.body.includes(message))).toHaveLength(0);
    await screenshot(page, 'server-restart-queued');

    server = await startTestServer(env);
    expect(server.url).toBe(url);
    // No reload and no `online` event: the banner's /health probe sees the server back and sends the queue.
    await expect.poll(() => openai.requests.some((r) => r.body.includes(message)), { timeout: 30_000 }).toBe(true);
    const conversations = (await (await context.request.get(`${url}/api/conversations?limit=10`)).json()) as { conversations: { id: string; title: string }[] };
    expect(conversations.conversations.map((c) => c.title)).toContain(message);
    expect(await page.evaluate("JSON.parse(localStorage.getItem('atom.offline-queue.v1') ?? '[]').length")).toBe(0);
    await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 30_000 });
    await screenshot(page, 'server-restart-delivered');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
