import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/index.js';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

// ATOM_E2E_WEB_DIST lets a run use a web build made elsewhere; `npm test` builds web/dist.
const webDist = { ATOM_WEB_DIST: path.resolve(process.env['ATOM_E2E_WEB_DIST'] ?? 'web/dist') };

const TOTAL = 100_000;

describe('run history with 100,000 runs (browser)', { timeout: 180_000 }, () => {
  let session: BrowserSession;
  let server: BrowserSession['server'];
  let context: BrowserContext;

  beforeAll(async () => {
    session = await openSignedInSession(webDist, { email: 'runs@example.test', name: 'Runs' });
    ({ server, context } = session);
    const me = (await (await context.request.get(`${server.url}/api/auth/me`)).json()) as { workspace: { id: string } };
    // History at scale: written straight into the table (the engine's own throughput is benchmarked elsewhere).
    const db = server.ctx.db;
    const base = Date.parse('2026-01-01T00:00:00Z');
    const statuses = ['succeeded', 'failed', 'succeeded', 'cancelled', 'succeeded'] as const;
    for (let start = 0; start < TOTAL; start += 5000) {
      const rows = Array.from({ length: 5000 }, (_, j) => {
        const i = start + j;
        const at = new Date(base + i * 1000).toISOString();
        return {
          id: newId(),
          workspace_id: me.workspace.id,
          workflow_id: 'wf-scale',
          version: 1,
          status: statuses[i % statuses.length]!,
          mode: 'live',
          trigger_type: 'webhook',
          trigger_data: '{}',
          attempt_group: 0,
          lease_owner: null,
          lease_until: 0,
          error: null,
          output: null,
          parent_run_id: null,
          parent_step_key: null,
          created_at: at,
          started_at: at,
          finished_at: at,
          updated_at: at,
        };
      });
      await db.transaction().execute(async (trx) => {
        for (let k = 0; k < rows.length; k += 500) await trx.insertInto('workflow_runs').values(rows.slice(k, k + 500)).execute();
      });
    }
  });
  afterAll(() => session?.close());

  it('scrolls page after page while the DOM keeps under 200 rows', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/workflows/runs`);
    await page.getByRole('heading', { name: 'Run history' }).waitFor();
    await page.locator('[data-run-row]').first().waitFor();
    const list = page.getByTestId('virtual-list');
    let maxRows = 0;
    for (let i = 0; i < 12; i++) {
      await list.evaluate((el: { scrollTo(o: { top: number }): void; scrollHeight: number }) => el.scrollTo({ top: el.scrollHeight }));
      await page.waitForTimeout(250);
      maxRows = Math.max(maxRows, await page.locator('[data-run-row]').count());
    }
    const loaded = Number((await page.getByTestId('runs-count').textContent())?.replace(/\D/g, ''));
    expect(loaded).toBeGreaterThanOrEqual(1000);
    expect(maxRows).toBeGreaterThan(5);
    expect(maxRows).toBeLessThan(200);
    await screenshot(page, 'runs-100k');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('filters by status on the server', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/workflows/runs`);
    await page.locator('[data-run-row]').first().waitFor();
    await page.getByPlaceholder('Any status').click();
    await page.getByRole('option', { name: 'failed' }).click();
    await expect.poll(async () => page.locator('[data-run-row]').first().textContent()).toContain('failed');
    const texts = await page.locator('[data-run-row]').allTextContents();
    expect(texts.every((t) => t.includes('failed'))).toBe(true);
  });
});

describe('run timeline (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let server: BrowserSession['server'];
  let context: BrowserContext;
  let csrf: string;

  beforeAll(async () => {
    session = await openSignedInSession(webDist, { email: 'timeline@example.test', name: 'Timeline' });
    ({ server, context } = session);
    csrf = ((await (await context.request.get(`${server.url}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
  });
  afterAll(() => session?.close());

  it('shows each step of a failed run and re-runs it from the failed step', async () => {
    const headers = { 'x-csrf-token': csrf, origin: server.url };
    const created = await context.request.post(`${server.url}/api/workflows`, {
      headers,
      data: {
        name: 'Timeline demo',
        definition: {
          trigger: { type: 'manual' },
          steps: [
            { id: 'total', type: 'transform', expression: '2 + 3' },
            { id: 'check', type: 'fail', message: 'the total is too small' },
          ],
        },
      },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const started = await context.request.post(`${server.url}/api/workflows/${id}/run`, { headers, data: { version: 'latest', waitMs: 10_000 } });
    expect([200, 202]).toContain(started.status());
    const run = (await started.json()) as { id: string };

    const page = await context.newPage();
    await page.goto(`${server.url}/workflows/runs/${run.id}`);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 20_000 }).toBe('failed');
    await page.locator('[data-step="total"]').waitFor();
    await page.locator('[data-step="total"] button').first().click();
    await expect(page.locator('[data-step="total"]').textContent()).resolves.toContain('5');
    await expect(page.getByText('the total is too small').first().isVisible()).resolves.toBe(true);
    await screenshot(page, 'run-timeline');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Re-run from the failed step' }).click();
    await page.getByText('Re-run started').waitFor();
  });
});
