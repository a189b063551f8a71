import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

describe('system health dashboard (browser)', { timeout: 90_000 }, () => {
  let session: BrowserSession;
  let server: BrowserSession['server'];
  let context: BrowserContext;

  beforeAll(async () => {
    session = await openSignedInSession({ ATOM_HEALTH_SAMPLE_MS: '1000' }, { email: 'owner@example.test', name: 'Owner' });
    ({ server, context } = session);
  });
  afterAll(() => session?.close());

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
