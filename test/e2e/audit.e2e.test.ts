import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropAppendOnlyGuard } from '../../src/audit/fixtures/tamper.js';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

// ATOM_E2E_WEB_DIST lets a run use a web build made elsewhere; `npm test` builds web/dist.
const webDist = process.env['ATOM_E2E_WEB_DIST'] ?? 'web/dist';

describe('audit log viewer (browser)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html'))) throw new Error(`${webDist} is not built: \`npm test\` builds it (npm run build:web).`);
    server = await startTestServer({ ATOM_WEB_DIST: path.resolve(webDist) });
    browser = await launchBrowser();
    // bypassCSP lets the test inject axe-core; the app itself keeps its strict CSP.
    context = await browser.newContext({ bypassCSP: true });
    // Sign up through the API in the browser's own cookie jar: the page then runs as that user.
    const signup = await context.request.post(`${server.url}/api/auth/signup`, {
      data: { email: 'auditor@example.test', password: 'correct horse battery staple', name: 'Auditor' },
    });
    expect(signup.status()).toBe(201);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const rows = () => page.locator('table[aria-label="Audit entries"] tbody tr');

  it('lists the workspace’s entries, newest first, with details on click', async () => {
    await page.goto(`${server.url}/settings/audit`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await rows().first().waitFor();
    await expect(page.locator('table[aria-label="Audit entries"]').textContent()).resolves.toContain('auth.signup');
    // People are shown by name and email, not by id.
    await page.locator('table[aria-label="Audit entries"]').getByText('auditor@example.test · user').first().waitFor();
    await rows().first().click();
    await page.locator('table[aria-label="Audit entries"] pre').first().waitFor();
    await screenshot(page, 'audit-viewer');
    // The page's own markup must be clean; the header's palette button belongs to the shell's tests.
    const violations = (await seriousViolations(page)).filter((v) => v.nodes.some((n) => !n.target.join(' ').includes('palette-trigger')));
    expect(violations).toEqual([]);
  });

  it('filters by action prefix and says when nothing matches', async () => {
    await page.getByLabel('Action').fill('workflow.*');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No entries match these filters.').waitFor();
    await page.getByLabel('Action').fill('auth.*');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await rows().first().waitFor();
    const actions = await page.locator('table[aria-label="Audit entries"] tbody tr td:nth-child(3)').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.startsWith('auth.'))).toBe(true);
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    // The applied filters are in the URL, so a link opens the same view.
    expect(new URL(page.url()).searchParams.get('action')).toBe('auth.*');
    const linked = await context.newPage();
    await linked.goto(`${server.url}/settings/audit?action=${encodeURIComponent('workspaces.*')}`);
    await linked.locator('table[aria-label="Audit entries"] tbody tr').first().waitFor();
    const linkedActions = await linked.locator('table[aria-label="Audit entries"] tbody tr td:nth-child(3)').allTextContents();
    expect(linkedActions.length).toBeGreaterThan(0);
    expect(linkedActions.every((a) => a.startsWith('workspaces.'))).toBe(true);
    expect(await linked.getByLabel('Action').inputValue()).toBe('workspaces.*');
    await linked.close();
    // The export carries the applied filters.
    expect(new URL(href!, server.url).searchParams.get('action')).toBe('auth.*');
    expect(new URL(href!, server.url).searchParams.get('format')).toBe('csv');
    const csv = await context.request.get(`${server.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toMatch(/^seq,occurredAt,actorType,actorId,action/);
  });

  it('verifies the chain, then shows the first broken link after a row is altered in the database', async () => {
    await page.getByRole('button', { name: 'Verify chain' }).click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    await expect(result.textContent()).resolves.toMatch(/Chain intact.*entries checked/);

    await dropAppendOnlyGuard(server.ctx.db, server.ctx.database.dialect);
    await sql`update audit_log set action = 'auth.tampered' where seq = 1 and workspace_id is not null`.execute(server.ctx.db);
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText('Chain broken at entry #1').waitFor();
    await expect(result.textContent()).resolves.toContain('Entry #1 was changed after it was written.');
    await screenshot(page, 'audit-verify-broken');
  });

  it('shows a drafted workflow by its name, with the id on hover and below', async () => {
    const csrf = ((await (await context.request.get(`${server.url}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    const drafted = await context.request.post(`${server.url}/api/workflows/from-text`, {
      headers: { 'x-csrf-token': csrf, origin: server.url },
      data: { text: 'every Monday at 9am post "standup" to Slack #team', planner: 'offline', save: true },
    });
    expect(drafted.status()).toBe(200);
    const { workflowId, name } = (await drafted.json()) as { workflowId: string; name: string };
    await page.goto(`${server.url}/settings/audit?action=workflow.drafted`);
    const cell = page.locator(`table[aria-label="Audit entries"] td[data-target-id="${workflowId}"]`);
    await cell.waitFor();
    await expect(cell.getByText(name, { exact: true }).getAttribute('title')).resolves.toBe(`workflow ${workflowId}`);
    await expect(cell.textContent()).resolves.toContain(`workflow · ${workflowId}`);
  });
});
