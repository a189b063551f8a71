import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

const N = 100_000;

/** Lists that can grow are virtualized: 100,000 services or audit entries scroll with under 200 rows in the DOM. */
describe('virtualized catalog and audit list (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let context: BrowserContext;

  beforeAll(async () => {
    session = await openSignedInSession({}, { email: 'catalog@example.test', name: 'Catalog Owner' });
    // page.route does not see requests a service worker makes: keep it out, so the fake API answers reach the page.
    context = await session.browser.newContext({ bypassCSP: true, serviceWorkers: 'block', storageState: await session.context.storageState() });
  });
  afterAll(async () => {
    await context?.close();
    await session?.close();
  });

  it('keeps the DOM small while scrolling through 100,000 services', async () => {
    const page = await context.newPage();
    // A catalog far larger than the real one, served in place of the API answer.
    const items = Array.from({ length: N }, (_, i) => ({
      id: `svc-${i}`, name: `Service ${i}`, category: 'developer', description: `Fake service number ${i}`, homepage: '', apiDocs: '',
      authKind: 'api_key', connectable: true, catalogOnly: true, actions: [], triggers: [],
    }));
    const body = JSON.stringify({ items, total: N, categories: [{ id: 'developer', count: N }] });
    await page.route((u) => u.pathname === '/api/integrations', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    await page.goto(`${session.server.url}/integrations`);
    await page.getByTestId('service-svc-0').waitFor();
    const rows = () => page.evaluate('document.querySelectorAll("[data-testid=catalog] [role=listitem]").length') as Promise<number>;
    expect(await rows()).toBeLessThan(200);

    // Scroll to the end: the last service renders, and the DOM stays small.
    const t0 = Date.now();
    await page.evaluate('(() => { const el = document.querySelector("[data-testid=catalog] [role=list]"); el.scrollTop = el.scrollHeight; })()');
    await page.getByTestId(`service-svc-${N - 1}`).waitFor();
    const scrollMs = Date.now() - t0;
    expect(await rows()).toBeLessThan(200);
    expect(scrollMs).toBeLessThan(5000);
    await page.evaluate('(() => { const el = document.querySelector("[data-testid=catalog] [role=list]"); el.scrollTop = el.scrollHeight / 2; })()');
    await page.getByTestId('catalog').getByText(/^Service 5\d{4}$/).first().waitFor();
    expect(await rows()).toBeLessThan(200);
    await screenshot(page, 'integrations-catalog-virtual');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('keeps the audit table small while scrolling through 100,000 entries', async () => {
    const page = await context.newPage();
    const items = Array.from({ length: N }, (_, i) => ({
      id: `a${N - i}`, seq: N - i, occurredAt: new Date(Date.UTC(2026, 10, 26) - i * 1000).toISOString(), actor: { id: null, type: 'system' }, action: `test.entry_${N - i}`,
      target: null, outcome: 'success', ip: null, userAgent: null, requestId: null, details: {}, prevHash: '', hash: 'f'.repeat(64),
    }));
    const body = JSON.stringify({ items, nextCursor: null });
    await page.route((u) => u.pathname === '/api/audit', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    await page.goto(`${session.server.url}/settings/audit`);
    const table = page.locator('table[aria-label="Audit entries"]');
    await table.getByText(`test.entry_${N}`, { exact: true }).waitFor();
    const rows = () => page.evaluate('document.querySelectorAll("table[aria-label=\'Audit entries\'] tbody tr").length') as Promise<number>;
    expect(await rows()).toBeLessThan(200);
    await page.evaluate('(() => { const el = document.querySelector("[data-testid=audit-scroll]"); el.scrollTop = el.scrollHeight; })()');
    await table.getByText('test.entry_1', { exact: true }).waitFor();
    expect(await rows()).toBeLessThan(200);
    await screenshot(page, 'audit-virtual-end');
    const violations = (await seriousViolations(page)).filter((v) => v.nodes.some((n) => !n.target.join(' ').includes('palette-trigger')));
    expect(violations).toEqual([]);
    await page.close();
  });
});
