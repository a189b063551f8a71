import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

describe('home page (browser)', { timeout: 90_000 }, () => {
  let session: BrowserSession;
  let server: BrowserSession['server'];
  let context: BrowserContext;

  beforeAll(async () => {
    session = await openSignedInSession({}, { email: 'home@example.test', name: 'Home Owner' });
    ({ server, context } = session);
  });
  afterAll(() => session?.close());

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
