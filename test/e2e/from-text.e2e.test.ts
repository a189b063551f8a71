import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSideEffectService, type SideEffectService } from '../fakes/side-effects/server.js';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

/** The #8 journey: describe a workflow in words (offline planner, no model key), activate it, run it, inspect the run. */
describe('workflow from text (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let context: BrowserContext;
  let svc: SideEffectService;

  beforeAll(async () => {
    svc = await startSideEffectService();
    // The workflow calls the local fake service, which the SSRF guard allows only when listed.
    session = await openSignedInSession({ ATOM_SSRF_ALLOW: 'localhost,127.0.0.1,::1' }, { email: 'fromtext@example.test', name: 'Text Flows' });
    context = session.context;
  });
  afterAll(async () => {
    await session?.close();
    await svc?.close();
  });

  it('drafts a workflow from a sentence, activates and runs it, and shows the run timeline', async () => {
    const url = session.server.url;
    const port = new URL(svc.url).port;
    const page = await context.newPage();
    await page.goto(`${url}/workflows`);
    const ask = page.getByLabel('What should happen?');
    await ask.waitFor();
    // No dots after the host: the planner reads the URL up to the end of the sentence.
    await ask.fill(`Every hour call http://localhost:${port}/echo`);
    await page.getByRole('button', { name: 'Draft workflow' }).click();
    await page.waitForURL(/\/workflows\/w\//);
    const id = page.url().split('/').pop() ?? '';
    const wf = (await (await context.request.get(`${url}/api/workflows/${id}`)).json()) as { active: boolean; draft: { trigger: { type: string; everyMinutes?: number }; steps: { id: string; action?: string }[] } };
    expect(wf.active).toBe(false);
    expect(wf.draft.trigger).toMatchObject({ type: 'schedule', everyMinutes: 60 });
    expect(wf.draft.steps.map((s) => s.action)).toEqual(['core.http_request']);

    await page.getByRole('button', { name: 'Validate and activate' }).click();
    await page.getByRole('button', { name: 'Deactivate' }).waitFor();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/\/workflows\/runs\//);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('succeeded');
    const step = page.locator('[data-step="http_request"]');
    await step.waitFor();
    await step.getByRole('button').first().click();
    expect(svc.requests.some((r) => r.path === '/echo')).toBe(true);
    await screenshot(page, 'from-text-run-timeline');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('keeps named secrets for workflow steps: set, listed masked, deleted', async () => {
    const url = session.server.url;
    const value = 'sk_live_browser_secret_4242';
    const page = await context.newPage();
    await page.goto(`${url}/settings/secrets`);
    await page.getByRole('heading', { name: 'Workflow secrets' }).waitFor();
    await page.getByLabel('Name').fill('STRIPE_KEY');
    await page.getByLabel('Value').fill(value);
    await page.getByRole('button', { name: 'Save secret' }).click();
    const table = page.getByRole('table', { name: 'Secrets' });
    await table.getByText('STRIPE_KEY').waitFor();
    expect(await table.textContent()).toContain('••••••••');
    expect(await page.content()).not.toContain(value);
    await screenshot(page, 'workflow-secrets');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Delete STRIPE_KEY' }).click();
    await page.getByText('No secrets yet.').waitFor();
    await page.close();
  });
});
