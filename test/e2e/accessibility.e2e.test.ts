import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations, type AxeViolation } from '../support/axe.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

/** Every client route of the web app, read from its route table so a new page is checked without asking. */
const appRoutes = [...readFileSync('web/src/app/routes.tsx', 'utf8').matchAll(/\{ path: '([^']+)'/g)].map((m) => m[1]!);
const publicRoutes = [...readFileSync('web/src/pages/auth/PublicRoutes.tsx', 'utf8').matchAll(/<Route path="([^"]+)"/g)].map((m) => m[1]!);

const summary = (violations: AxeViolation[]) => violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

async function settle(page: Page) {
  // Most pages open with a heading; the rest (the editor's canvas) are checked as they stand after that.
  await page.locator('h1, h2, [role="heading"]').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  // Lazy chunks and first queries: let the page reach what a person would look at.
  await page.waitForLoadState('load');
  await page.waitForTimeout(800);
}

describe('accessibility of every page (axe, browser)', { timeout: 300_000 }, () => {
  let session: BrowserSession;
  let server: BrowserSession['server'];
  let context: BrowserContext;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    session = await openSignedInSession({}, { email: 'a11y@example.test', name: 'Ada Access' });
    ({ server, context } = session);
    const csrf = ((await (await context.request.get(`${server.url}/api/auth/csrf`)).json()) as { csrfToken: string }).csrfToken;
    const post = async (path: string, data: unknown) => {
      const res = await context.request.post(`${server.url}${path}`, { data, headers: { 'x-csrf-token': csrf } });
      if (res.status() >= 300) throw new Error(`POST ${path} answered ${res.status()}: ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const wf = await post('/api/workflows', { name: 'Accessible report', definition: { trigger: { type: 'manual' }, steps: [{ id: 'sum', type: 'transform', expression: '1 + 1' }] } });
    ids['workflow'] = String(wf['id']);
    const run = await post(`/api/workflows/${ids['workflow']}/run`, {});
    ids['run'] = String(run['id']);
    const invitation = (await post('/api/invitations', { email: 'guest-a11y@example.test', role: 'member' })) as { token: string };
    ids['invitation'] = invitation.token;
  });
  afterAll(() => session?.close());

  it('finds the route tables', () => {
    expect(appRoutes.length).toBeGreaterThan(20);
    expect(publicRoutes).toContain('/invite/:token');
  });

  const concrete = (route: string): string | undefined =>
    route
      .replace('/workflows/runs/:id', `/workflows/runs/${ids['run']}`)
      .replace('/workflows/w/:id', `/workflows/w/${ids['workflow']}`)
      .replace('/invite/:token', `/invite/${ids['invitation']}`)
      // A connection page for an id that names nothing: its "not found" state is a page too.
      .replace('/integrations/connections/:id', '/integrations/connections/00000000-0000-7000-8000-000000000000')
      .replace(/\/\*$/, '/not-a-page')
      .replace(/^\*$/, '/no-such-page');

  it('has no serious or critical axe violations on any signed-in page (colour contrast included)', async () => {
    const page = await context.newPage();
    const found: Record<string, string[]> = {};
    for (const route of appRoutes) {
      const path = concrete(route)!;
      await page.goto(`${server.url}${path}`);
      await settle(page);
      const violations = await seriousViolations(page);
      if (violations.length > 0) {
        found[path] = summary(violations);
        await screenshot(page, `a11y-${path.replace(/[^a-z0-9]+/gi, '-')}`);
      }
    }
    expect(found).toEqual({});
  });

  it('has none in the invitation dialog (its title was the colour of its background)', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/settings/members`);
    await settle(page);
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const title = page.getByText('Invitation link (shown once)');
    await title.waitFor();
    await screenshot(page, 'a11y-invitation');
    expect(summary(await seriousViolations(page))).toEqual([]);
  });

  it('has none on the signed-out pages', async () => {
    const browser = await launchBrowser();
    try {
      const anonymous = await browser.newContext({ bypassCSP: true });
      const page = await anonymous.newPage();
      const found: Record<string, string[]> = {};
      for (const route of publicRoutes) {
        const path = concrete(route)!;
        await page.goto(`${server.url}${path}`);
        await settle(page);
        const violations = await seriousViolations(page);
        if (violations.length > 0) found[path] = summary(violations);
      }
      expect(found).toEqual({});
    } finally {
      await browser.close();
    }
  });
});
