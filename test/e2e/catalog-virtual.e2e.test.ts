import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

const N = 100_000;

/** The integrations catalog is virtualized: 100,000 services scroll with under 200 rows in the DOM. */
describe('virtualized integrations catalog (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let context: BrowserContext;

  beforeAll(async () => {
    session = await openSignedInSession({}, { email: 'catalog@example.test', name: 'Catalog Owner' });
    context = session.context;
  });
  afterAll(() => session?.close());

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
  });
});
