import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

// ATOM_E2E_WEB_DIST lets a run use a web build made elsewhere; `npm test` builds web/dist.
const webDist = { ATOM_WEB_DIST: path.resolve(process.env['ATOM_E2E_WEB_DIST'] ?? 'web/dist') };

describe('visual workflow editor (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let context: BrowserContext;
  let base: string;
  let workflowId: string;

  beforeAll(async () => {
    session = await openSignedInSession(webDist, { email: 'editor@example.test', name: 'Edith' });
    context = session.context;
    base = session.server.url;
    const me = (await (await context.request.get(`${base}/api/auth/me`)).json()) as { csrfToken: string };
    const created = await context.request.post(`${base}/api/workflows`, {
      headers: { 'x-csrf-token': me.csrfToken, origin: base },
      data: {
        name: 'Greeter',
        definition: {
          trigger: { type: 'manual' },
          steps: [
            { id: 'greet', type: 'action', action: 'core.log', input: { message: 'Hello' } },
            { id: 'check', type: 'if', condition: 'trigger.vip = true', then: [{ id: 'shout', type: 'transform', expression: '"HELLO"' }], else: [] },
          ],
        },
      },
    });
    expect(created.status()).toBe(201);
    workflowId = ((await created.json()) as { id: string }).id;
  });
  afterAll(() => session?.close());

  it('edits on the canvas, shows the validator’s error on the node, and saves a version once fixed', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/workflows/w/${workflowId}`);
    await page.getByRole('link', { name: 'Open editor' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByTestId('node-greet').waitFor();
    // The tree as a graph: the if's branches are labelled.
    await page.getByTestId('node-shout').waitFor();
    await page.locator('.react-flow__edge-text', { hasText: 'then' }).first().waitFor();
    await page.locator('.react-flow__edge-text', { hasText: 'else' }).first().waitFor();

    // Keyboard: focus the node and press Enter to open its settings.
    await page.locator('.react-flow__node[data-id="greet"]').focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('step-panel');
    await panel.getByRole('heading', { name: /greet/ }).waitFor();

    // A live parse error while typing (before the server is asked).
    const message = panel.getByLabel('message (required)');
    await message.fill('Hello {{ trigger.( }}');
    await panel.getByText(/Does not parse/).waitFor();

    // An expression that reads a step which does not run earlier: the server's validator flags the node.
    await message.fill('Hello {{ steps.shout }}');
    await message.blur();
    const issue = page.getByTestId('node-greet').getByTestId('node-issue');
    await issue.waitFor();
    // Marked on the node and listed in words: the field by its label, the step by id, what to do.
    expect(await issue.textContent()).toMatch(/^Message: Expression reads steps\.shout/);
    const listed = page.getByTestId('workflow-issues');
    await listed.getByText('Step “greet”, field “Message”:').waitFor();
    await listed.getByText(/move this step below the one it reads/).waitFor();
    await panel.getByText(/not a step that runs before this one/).waitFor();
    await screenshot(page, 'workflow-editor-validation-error');

    // Fixed: the mark goes away.
    await message.fill('Hello {{ trigger.name }}');
    await message.blur();
    await issue.waitFor({ state: 'detached' });

    // Add a step after the selected one.
    await page.getByRole('combobox', { name: 'New step type' }).click();
    await page.getByRole('option', { name: 'Transform (JSONata)' }).click();
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByTestId('node-transform_1').waitFor();
    await panel.getByRole('heading', { name: /transform_1/ }).waitFor();
    await panel.getByRole('button', { name: 'Move down' }).click();

    await page.getByLabel('Version message').fill('Greets by name');
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.getByTestId('editor-versions').getByText('Greets by name').waitFor();

    const v2 = (await (await context.request.get(`${base}/api/workflows/${workflowId}/versions/2`)).json()) as { message: string; definition: { steps: { id: string; input?: { message?: string } }[] } };
    expect(v2.message).toBe('Greets by name');
    expect(v2.definition.steps.map((s) => s.id)).toEqual(['greet', 'check', 'transform_1']);
    expect(v2.definition.steps[0]?.input?.message).toBe('Hello {{ trigger.name }}');

    await screenshot(page, 'workflow-editor');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("sets a service trigger's delivery and signing secret in a form, from the workspace's secret names", async () => {
    const me = (await (await context.request.get(`${base}/api/auth/me`)).json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': me.csrfToken, origin: base };
    expect((await context.request.put(`${base}/api/workflows/secrets/STRIPE_WHSEC`, { headers, data: { value: 'whsec_e2e_signing' } })).status()).toBeLessThan(300);
    const created = await context.request.post(`${base}/api/workflows`, {
      headers,
      data: { name: 'Stripe events', definition: { trigger: { type: 'integration', trigger: 'stripe.webhook_event', mode: 'poll' }, steps: [{ id: 'log', type: 'action', action: 'core.log', input: { message: 'event' } }] } },
    });
    expect(created.status()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    const page = await context.newPage();
    await page.goto(`${base}/workflows/w/${id}/edit`);
    await page.getByTestId('node-trigger').click();
    const fields = page.getByTestId('trigger-fields');
    await fields.getByLabel('Check every (minutes)').waitFor();
    await fields.getByText('The service calls Atom').click();
    await fields.getByLabel('Signing secret', { exact: true }).click();
    await page.getByRole('option', { name: 'STRIPE_WHSEC' }).click();
    // The JSON view follows the form.
    await expect.poll(async () => page.getByLabel('Trigger (JSON)').inputValue()).toContain('"signingSecret": "STRIPE_WHSEC"');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Version message').fill('Stripe pushes');
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.getByTestId('editor-versions').getByText('Stripe pushes').waitFor();
    const v2 = (await (await context.request.get(`${base}/api/workflows/${id}/versions/2`)).json()) as { definition: { trigger: Record<string, unknown> } };
    expect(v2.definition.trigger).toMatchObject({ type: 'integration', trigger: 'stripe.webhook_event', mode: 'push', signingSecret: 'STRIPE_WHSEC' });
    // The secret's value is nowhere on the page.
    expect(await page.content()).not.toContain('whsec_e2e_signing');
  });
});

describe('editor runs, run ↔ workflow links, problems in words, phone width (browser)', { timeout: 180_000 }, () => {
  let session: BrowserSession;
  let context: BrowserContext;
  let base: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    session = await openSignedInSession(webDist, { email: 'runner@example.test', name: 'Rhea Runner' });
    context = session.context;
    base = session.server.url;
    const me = (await (await context.request.get(`${base}/api/auth/me`)).json()) as { csrfToken: string };
    headers = { 'x-csrf-token': me.csrfToken, origin: base };
  });
  afterAll(() => session?.close());

  const create = async (name: string, definition: unknown) => {
    const r = await context.request.post(`${base}/api/workflows`, { headers, data: { name, definition } });
    expect(r.status()).toBe(201);
    return ((await r.json()) as { id: string }).id;
  };

  it('tests a step, dry-runs and runs from the editor; the run links to its workflow and the workflow lists the run', async () => {
    const id = await create('Invoice digest', {
      trigger: { type: 'manual' },
      steps: [
        { id: 'total', name: 'Add up', type: 'transform', expression: '2 + 3' },
        { id: 'note', type: 'action', action: 'core.log', input: { message: 'total {{ steps.total }}' } },
      ],
    });
    const page = await context.newPage();
    await page.goto(`${base}/workflows/w/${id}/edit`);
    await page.getByTestId('node-total').waitFor();
    await page.getByTestId('workflow-active').getByText('Inactive — not triggered').waitFor();
    await page.getByTestId('collab-status').getByText('Draft synced').waitFor();

    // Test one step.
    await page.getByTestId('node-total').click();
    await page.getByTestId('step-panel').getByRole('heading', { name: /total/ }).waitFor();
    await page.getByRole('button', { name: 'Test step' }).click();
    const outcome = page.getByTestId('run-outcome');
    await outcome.getByText('Step test of “total”: succeeded').waitFor({ timeout: 20_000 });
    expect(await outcome.textContent()).toContain('5');

    // Dry run of the whole workflow: each step's status, and a link to the run.
    await page.getByRole('button', { name: 'Dry run' }).click();
    await outcome.getByText('Dry run: succeeded').waitFor({ timeout: 20_000 });
    await outcome.getByText('note: succeeded').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await outcome.getByRole('link', { name: 'Open this run' }).click();
    await page.waitForURL(/\/workflows\/runs\//);
    const runId = page.url().split('/').at(-1) ?? '';
    await page.getByRole('heading', { name: /Run of Invoice digest/ }).waitFor();
    await page.getByTestId('run-kind').getByText('Dry run').waitFor();
    expect(await page.getByText(/manual trigger/).count()).toBe(0);
    await screenshot(page, 'run-of-workflow');
    expect(await seriousViolations(page)).toEqual([]);

    // Back to the workflow: its page lists the run.
    await page.getByTestId('run-workflow-link').click();
    await page.waitForURL(new RegExp(`/workflows/w/${id}$`));
    const runs = page.getByTestId('workflow-runs');
    await runs.locator(`[data-run-id="${runId}"]`).getByText('Dry run').waitFor();
    await page.getByTestId('definition-outline').getByText('Add up', { exact: true }).waitFor();
    await page.getByTestId('workflow-versions').getByText('Rhea Runner').waitFor();
    await screenshot(page, 'workflow-page-runs');
    expect(await seriousViolations(page)).toEqual([]);

    // A live run from the editor; the run history and home name the workflow.
    await page.goto(`${base}/workflows/w/${id}/edit`);
    await page.getByTestId('node-total').waitFor();
    await page.getByRole('button', { name: 'Run now' }).click();
    await outcome.getByText('Run: succeeded').waitFor({ timeout: 20_000 });
    await page.goto(`${base}/workflows/runs`);
    await page.locator('[data-run-row]').first().getByText('Invoice digest').waitFor();
    expect((await page.locator('[data-run-row]').allTextContents()).some((t) => t.includes('Dry run'))).toBe(true);
    await page.goto(`${base}/`);
    await page.getByTestId('recent-runs').locator('[data-recent-run]').first().getByText('Invoice digest').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('lists every problem in words, marks the steps, and keeps a refused run or activation on the page', async () => {
    const id = await create('Broken alert', {
      trigger: { type: 'manual' },
      steps: [
        { id: 'alert', name: 'Alert the team', type: 'http', input: { method: 'POST', url: 'https://example.com/hook', bearerSecret: 'NOT_SET' } },
        { id: 'sum', type: 'transform', expression: 'steps.later' },
      ],
    });
    const page = await context.newPage();
    await page.goto(`${base}/workflows/w/${id}/edit`);
    const list = page.getByTestId('workflow-issues');
    await list.getByText('Step “Alert the team” (alert), field “Bearer secret”:').waitFor();
    await list.getByText('Step “sum”, field “Expression”:').waitFor();
    await list.getByText(/Add the secret under/).waitFor();
    expect(await list.textContent()).not.toMatch(/steps\.alert/);
    await page.locator('[data-testid="node-alert"][data-invalid]').waitFor();
    await page.locator('[data-testid="node-sum"][data-invalid]').waitFor();
    await list.getByRole('button', { name: 'Show step sum' }).click();
    await page.getByTestId('step-panel').getByRole('heading', { name: /sum/ }).waitFor();
    // Running anyway is refused with both problems listed, not a toast with one.
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByText('The run was refused: fix these first').waitFor();
    await screenshot(page, 'editor-problems');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${base}/workflows/w/${id}`);
    await page.getByRole('button', { name: 'Validate and activate' }).click();
    const refused = page.getByTestId('workflow-issues');
    await refused.getByText('Step “Alert the team” (alert), field “Bearer secret”:').waitFor();
    await refused.getByText('Step “sum”, field “Expression”:').waitFor();
    await refused.getByRole('link', { name: 'Fix step “alert” in the editor' }).click();
    await page.waitForURL(/\/edit\?step=alert$/);
    await page.getByTestId('step-panel').getByRole('heading', { name: /alert/ }).waitFor();
  });

  it('at phone width the editor canvas keeps a usable height; a blank workflow starts from New workflow', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${base}/workflows`);
    await phone.getByRole('button', { name: 'New workflow' }).click();
    await phone.getByLabel('Name').fill('Phone made');
    await phone.getByRole('button', { name: 'Create and open the editor' }).click();
    await phone.waitForURL(/\/edit$/);
    await phone.getByTestId('node-trigger').waitFor();
    const box = await phone.getByTestId('editor-canvas').boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(350);
    expect(box?.width).toBeGreaterThanOrEqual(300);
    const trigger = await phone.getByTestId('node-trigger').boundingBox();
    expect(trigger?.width).toBeGreaterThan(50);
    await screenshot(phone, 'workflow-editor-phone');
    expect(await seriousViolations(phone)).toEqual([]);
    // Listed newest first.
    await phone.goto(`${base}/workflows`);
    await expect.poll(async () => (await phone.getByTestId('workflow-list').locator('tbody tr').first().textContent()) ?? '').toContain('Phone made');
  });
});
