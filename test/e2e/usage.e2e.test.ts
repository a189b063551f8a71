import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

describe('usage analytics (browser)', { timeout: 90_000 }, () => {
  let session: BrowserSession;
  let server: BrowserSession['server'];
  let context: BrowserContext;

  beforeAll(async () => {
    session = await openSignedInSession({}, { email: 'usage@example.test', name: 'Usage' });
    ({ server, context } = session);
    const me = (await (await context.request.get(`${server.url}/api/auth/me`)).json()) as { workspace: { id: string } };
    const now = new Date().toISOString();
    await server.ctx.db
      .insertInto('workflows')
      .values({ id: 'wf-u', workspace_id: me.workspace.id, name: 'Daily digest', description: '', active: 1, latest_version: 1, published_version: 1, webhook_token_hash: null, webhook_hmac_sealed: null, pinned_trigger_data: null, created_by: 'x', created_at: now, updated_at: now })
      .execute();
    await server.ctx.db
      .insertInto('workflow_runs')
      .values(['succeeded', 'succeeded', 'failed'].map((status, i) => ({
        id: `run-u-${i}`, workspace_id: me.workspace.id, workflow_id: 'wf-u', version: 1, status: status as 'succeeded', mode: 'live', trigger_type: 'schedule', trigger_data: '{}', attempt_group: 0,
        lease_owner: null, lease_until: 0, error: null, output: null, parent_run_id: null, parent_step_key: null, created_at: now, started_at: now, finished_at: now, updated_at: now,
      })))
      .execute();
  });
  afterAll(() => session?.close());

  it('charts runs by status, lists workflows, and exports CSV', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/analytics`);
    await page.getByRole('heading', { name: 'Usage', level: 1 }).waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    const row = page.locator('table[aria-label="Runs by workflow"] tbody tr').first();
    await expect(row.textContent()).resolves.toBe('Daily digest31');
    await screenshot(page, 'usage');
    expect(await seriousViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^atom-usage-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});
