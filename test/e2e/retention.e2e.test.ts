import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

const webDist = process.env['ATOM_E2E_WEB_DIST'] ?? 'web/dist';

describe('retention settings (browser)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html'))) throw new Error(`${webDist} is not built: \`npm test\` builds it (npm run build:web).`);
    server = await startTestServer({ ATOM_WEB_DIST: path.resolve(webDist) });
    browser = await launchBrowser();
    context = await browser.newContext({ bypassCSP: true });
    const signup = await context.request.post(`${server.url}/api/auth/signup`, {
      data: { email: 'keeper@example.test', password: 'correct horse battery staple', name: 'Keeper' },
    });
    expect(signup.status()).toBe(201);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const policies = async () =>
    (await (await context.request.get(`${server.url}/api/retention/policies`)).json()) as {
      classes: { name: string; keepDays: number | null }[];
      legalHold: { enabled: boolean; reason: string | null };
    };

  it('sets a retention period for the audit log', async () => {
    await page.goto(`${server.url}/settings/retention`);
    await page.getByRole('heading', { name: 'Retention', exact: true }).waitFor();
    const forever = page.getByRole('switch', { name: 'Keep Audit log forever' });
    await forever.waitFor();
    expect(await forever.isChecked()).toBe(true);
    await forever.click({ force: true });
    await page.getByLabel('Days to keep Audit log').fill('90');
    await page.getByRole('row', { name: /Audit log/ }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await policies()).classes.find((c) => c.name === 'audit')?.keepDays).toBe(90);
    // The dry run now shows the audit log with a cutoff.
    await page.getByRole('table', { name: 'What a purge would remove now' }).getByText(/older than/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('turns the legal hold on with a reason, which disables purging', async () => {
    await page.getByLabel('Reason (shown in the audit log)').fill('Litigation 2026-17');
    await page.getByRole('switch', { name: /Legal hold is off/ }).click({ force: true });
    await page.getByText('Legal hold is on').waitFor();
    await page.getByText('Purges are suspended by the legal hold.').waitFor();
    expect(await page.getByRole('button', { name: 'Purge now' }).isDisabled()).toBe(true);
    expect((await policies()).legalHold).toMatchObject({ enabled: true, reason: 'Litigation 2026-17' });
    await screenshot(page, 'retention-legal-hold');
    const audit = (await (await context.request.get(`${server.url}/api/audit?action=retention.*`)).json()) as { items: { action: string }[] };
    expect(audit.items.map((i) => i.action)).toEqual(['retention.legal_hold_enabled', 'retention.policy_updated']);
  });

  it('shows what the last purge did once the hold is lifted', async () => {
    await page.getByRole('switch', { name: /Legal hold is on/ }).click({ force: true });
    await page.getByText('Legal hold is off').waitFor();
    const csrf = ((await (await context.request.get(`${server.url}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    const purge = await context.request.post(`${server.url}/api/retention/purge`, { data: {}, headers: { 'x-csrf-token': csrf } });
    expect(purge.status()).toBe(200);
    await page.reload();
    await page.getByText(/Last purge: .* — audit: 0 removed/).waitFor();
  });
});
