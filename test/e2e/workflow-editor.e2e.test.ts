import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

describe('visual workflow editor (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let context: BrowserContext;
  let base: string;
  let workflowId: string;

  beforeAll(async () => {
    session = await openSignedInSession({}, { email: 'editor@example.test', name: 'Edith' });
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
    expect(await issue.textContent()).toMatch(/input\.message: Expression reads steps\.shout/);
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
});
