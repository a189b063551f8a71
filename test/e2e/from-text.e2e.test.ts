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

  it('does not save a draft that needs clarification: shows what is missing and the questions, re-drafts with the answers', async () => {
    const url = session.server.url;
    const count = async () => ((await (await context.request.get(`${url}/api/workflows`)).json()) as { items?: unknown[] } | unknown[]);
    const size = async () => {
      const list = await count();
      return Array.isArray(list) ? list.length : (list.items ?? []).length;
    };
    const before = await size();
    const page = await context.newPage();
    await page.goto(`${url}/workflows`);
    await page.getByLabel('What should happen?').fill('when my Google form is submitted, email the customer');
    await page.getByRole('button', { name: 'Draft workflow' }).click();
    const panel = page.getByTestId('from-text-questions');
    await panel.waitFor();
    // Atom has no Google Forms trigger: the panel says so and offers the webhook; nothing was saved.
    await panel.getByText(/Atom has no Google Forms trigger/).waitFor();
    expect(page.url()).toMatch(/\/workflows$/);
    expect(await size()).toBe(before);
    await screenshot(page, 'from-text-clarification');
    // Judged within the card: the rest of the workflows page is other work's (and its own tests').
    const inCard = async (targets: string[]) => page.evaluate<boolean>(`!!document.querySelector(${JSON.stringify(targets[0] ?? 'none')})?.closest('[data-testid="from-text"]')`);
    const mine = [];
    for (const v of await seriousViolations(page)) for (const n of v.nodes) if (await inCard(n.target)) mine.push({ id: v.id, html: n.html });
    expect(mine).toEqual([]);

    await page.getByLabel('Who should the email go to?').fill('customer@example.com');
    await page.getByRole('button', { name: 'Draft again with my answers' }).click();
    // The recipient question is answered; the honest one about the missing trigger stays.
    await expect.poll(() => page.getByLabel('Who should the email go to?').count()).toBe(0);
    await panel.getByText(/webhook URL/).first().waitFor();
    expect(await size()).toBe(before);

    await page.getByRole('button', { name: 'Save this draft anyway' }).click();
    await page.waitForURL(/\/workflows\/w\//);
    const id = page.url().split('/').pop() ?? '';
    const wf = (await (await context.request.get(`${url}/api/workflows/${id}`)).json()) as { active: boolean; draft: { trigger: { type: string }; steps: { action?: string; input?: { to?: unknown } }[] } };
    expect(wf.active).toBe(false);
    expect(wf.draft.trigger.type).toBe('webhook');
    expect(wf.draft.steps.map((s) => s.action)).toEqual(['gmail.send_email']);
    expect(JSON.stringify(wf.draft.steps[0]?.input?.to)).toContain('customer@example.com');
    await page.close();
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
