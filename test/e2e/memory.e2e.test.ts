import { createServer } from 'node:net';
import { newId } from '../../src/platform/index.js';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../../src/integrations/google-drive/fake.js';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** The memory journeys: upload → search → preview; connect the (fake) Google Drive → add it as a source → sync now. */
describe('memory page (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let context: BrowserContext;
  let drive: FakeGoogleDrive;
  let url: string;

  beforeAll(async () => {
    drive = await startFakeGoogleDrive();
    drive.add({ name: 'stall-recovery.txt', content: 'Stall recovery drill: lower the nose, level the wings, add power smoothly.', sharedWith: ['pilot@example.test'] });
    drive.add({ name: 'fuel-log.csv', content: 'date,litres\n2026-11-01,42\n2026-11-08,38\n', sharedWith: ['pilot@example.test'] });
    const port = await freePort();
    session = await openSignedInSession(
      {
        ATOM_PORT: String(port),
        ATOM_PUBLIC_URL: `http://127.0.0.1:${port}`,
        ATOM_INTEGRATIONS: JSON.stringify({ 'google-drive': { clientId: 'atom', clientSecret: 's', authorizeUrl: `${drive.url}/oauth2/authorize`, tokenUrl: `${drive.url}/oauth2/token`, apiBaseUrl: `${drive.url}/drive/v3` } }),
        // The fake Drive listens on 127.0.0.1: allowed through the sync's SSRF guard, as an admin would.
        ATOM_SSRF_ALLOW: '127.0.0.1',
      },
      { email: 'pilot@example.test', name: 'Pilot' },
    );
    context = session.context;
    url = session.server.url;
  });
  afterAll(async () => {
    await session?.close();
    await drive?.close();
  });

  const finished = async (page: Page) => {
    await expect.poll(async () => page.getByTestId('job-progress').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('finished');
  };

  it('uploads a document through the page, finds it and previews the matching passage', async () => {
    const page = await context.newPage();
    await page.goto(`${url}/memory?tab=documents`);
    await page.getByRole('heading', { name: 'Memory', exact: true }).waitFor();
    await page.getByTestId('upload-input').setInputFiles([
      { name: 'crosswind.md', mimeType: 'text/markdown', buffer: Buffer.from('# Crosswind landings\n\nIn a crosswind, lower the upwind wing and keep the nose aligned with the runway using rudder.\n\n## Gusts\n\nAdd half the gust factor to the approach speed.') },
      { name: 'checklist.txt', mimeType: 'text/plain', buffer: Buffer.from('Before takeoff: controls free, trim set, canopy closed.') },
    ]);
    await finished(page);
    await page.locator('[data-document-row]').filter({ hasText: 'Crosswind landings' }).waitFor();

    await page.getByRole('tab', { name: 'Search' }).click();
    await page.getByLabel('Search your documents').fill('upwind wing rudder');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const hit = page.getByTestId('memory-hit').first();
    await expect.poll(async () => hit.locator('h3').textContent()).toBe('Crosswind landings');
    await hit.getByRole('button', { name: 'Preview Crosswind landings' }).click();
    const match = page.getByTestId('preview-match').first();
    await match.waitFor();
    expect(await match.locator('mark').allTextContents()).toEqual(expect.arrayContaining(['upwind', 'wing', 'rudder']));
    await screenshot(page, 'memory-preview');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('connects the fake Google Drive, adds it as a source, syncs it now and sees its documents', async () => {
    const page = await context.newPage();
    await page.goto(`${url}/memory?tab=sources`);
    await page.getByRole('button', { name: 'Connect Google Drive' }).click();
    // The fake provider consents at once and sends the browser back to Atom, which lands on the sources tab.
    await page.waitForURL(/\/memory\?.*connected=1/, { timeout: 15_000 });
    await expect.poll(async () => page.getByLabel('Connected account').inputValue()).toMatch(/^conn_/);
    await page.getByRole('button', { name: 'Add source' }).click();
    const row = page.locator('[data-source-row="Google Drive"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Sync now: Google Drive' }).click();
    await expect.poll(async () => row.getByTestId('job-progress').getAttribute('data-status'), { timeout: 30_000 }).toBe('finished');
    await expect.poll(async () => row.getByTestId('source-status').textContent()).toBe('idle');

    // In queue mode a sync first waits for a worker: until one takes it the job says so, not "Running 0/0".
    // The job's answers are rewritten to that state in a context without the service worker (which
    // would answer the page's API calls itself, out of the route's sight).
    const plain = await session.browser.newContext({ storageState: await context.storageState(), serviceWorkers: 'block' });
    const queued = await plain.newPage();
    const jobs = '**/api/memory/jobs/*';
    await queued.route(jobs, async (route) => {
      const real = await route.fetch();
      await route.fulfill({ response: real, json: { ...(await real.json()), status: 'running', phase: 'queued', done: 0, total: 0 } });
    });
    await queued.goto(`${url}/memory?tab=sources`);
    const queuedRow = queued.locator('[data-source-row="Google Drive"]');
    await queuedRow.getByRole('button', { name: 'Sync now: Google Drive' }).click();
    await expect.poll(async () => queuedRow.getByTestId('job-progress').textContent(), { timeout: 15_000 }).toContain('Waiting for a worker · 0/0 files');
    await queued.unroute(jobs);
    await expect.poll(async () => queuedRow.getByTestId('job-progress').getAttribute('data-status'), { timeout: 30_000 }).toBe('finished');
    await plain.close();
    await screenshot(page, 'memory-sources');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.locator('[data-document-row]').filter({ hasText: 'stall-recovery.txt' }).waitFor();
    await page.locator('[data-document-row]').filter({ hasText: 'fuel-log.csv' }).waitFor();
    await page.getByRole('tab', { name: 'Analytics' }).click();
    await page.getByTestId('memory-analytics').waitFor();
    await screenshot(page, 'memory-analytics');
    expect(await seriousViolations(page)).toEqual([]);

    // "Forget this connection" removes the source and every document of it.
    await page.getByRole('tab', { name: 'Sources' }).click();
    await page.getByRole('button', { name: 'Forget this connection: Google Drive' }).click();
    await page.getByRole('button', { name: 'Forget everything' }).click();
    await page.getByText('Forgotten: 2 documents').waitFor();
    await page.getByRole('tab', { name: 'Documents' }).click();
    await page.locator('[data-document-row]').filter({ hasText: 'Crosswind landings' }).waitFor();
    expect(await page.locator('[data-document-row]').filter({ hasText: 'stall-recovery.txt' }).count()).toBe(0);
    await page.close();
  });

  it('lists 100,000 documents smoothly: pages load as the list scrolls, the DOM holds a window of rows', async () => {
    const me = (await (await context.request.get(`${url}/api/auth/me`)).json()) as { workspace: { id: string } };
    const db = session.server.ctx.db;
    const at = new Date().toISOString();
    // Rows written straight into the table: ingest throughput is benchmarked elsewhere.
    for (let start = 0; start < 100_000; start += 5000) {
      const rows = Array.from({ length: 5000 }, (_, j) => ({
        id: `mdoc_bulk_${String(start + j).padStart(6, '0')}`,
        workspace_id: me.workspace.id,
        connection_id: `mcon_upload_${me.workspace.id}`,
        source: 'upload',
        external_id: newId('bulk'),
        title: `Bulk document ${start + j}`,
        path: `Uploads/bulk-${start + j}.txt`,
        url: null,
        mime: 'text/plain',
        owner: null,
        modified_at: at,
        revision: null,
        content_hash: null,
        principals: '["*"]',
        status: 'indexed',
        sync_run_id: null,
        created_at: at,
        updated_at: at,
        indexed_at: at,
      }));
      await db.transaction().execute(async (trx) => {
        for (let k = 0; k < rows.length; k += 500) await trx.insertInto('memory_documents').values(rows.slice(k, k + 500)).execute();
      });
    }
    const page = await context.newPage();
    await page.goto(`${url}/memory?tab=documents`);
    await page.locator('[data-document-row]').first().waitFor();
    let maxRows = 0;
    for (let i = 0; i < 8; i++) {
      await page.evaluate(`(() => { const el = document.querySelector('[data-testid="virtual-list"]'); el.scrollTop = el.scrollHeight; })()`);
      await page.waitForTimeout(300);
      maxRows = Math.max(maxRows, await page.locator('[data-document-row]').count());
    }
    await expect.poll(async () => Number((await page.getByTestId('documents-count').textContent())?.replace(/\D/g, ''))).toBeGreaterThanOrEqual(1500);
    expect(maxRows).toBeGreaterThan(5);
    expect(maxRows).toBeLessThan(200);
    await screenshot(page, 'memory-documents-100k');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
