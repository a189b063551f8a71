import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/auth.js';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

// ATOM_E2E_WEB_DIST lets a run use a web build made elsewhere; `npm test` builds web/dist.
const webDist = { ATOM_WEB_DIST: path.resolve(process.env['ATOM_E2E_WEB_DIST'] ?? 'web/dist') };

/** Two people of one workspace, each in their own browser context, on the same workflow. */
describe('co-editing a workflow (two browsers)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let base: string;
  let ada: BrowserContext;
  let bob: BrowserContext;
  let workflowId: string;
  let ids: { ada: string; bob: string };

  beforeAll(async () => {
    session = await openSignedInSession(webDist, { email: 'ada@example.test', name: 'Ada Lovelace' });
    base = session.server.url;
    ada = session.context;
    const me = (await (await ada.request.get(`${base}/api/auth/me`)).json()) as { csrfToken: string; user: { id: string } };
    const headers = { 'x-csrf-token': me.csrfToken, origin: base };
    const invitation = (await (await ada.request.post(`${base}/api/invitations`, { headers, data: { email: 'bob@example.test', role: 'member' } })).json()) as { token: string };
    bob = await session.browser.newContext({ bypassCSP: true });
    const signup = await bob.request.post(`${base}/api/auth/signup`, { data: { email: 'bob@example.test', password: TEST_PASSWORD, name: 'Bob Builder', invitation: invitation.token } });
    expect(signup.status()).toBe(201);
    ids = { ada: me.user.id, bob: ((await signup.json()) as { user: { id: string } }).user.id };
    const created = await ada.request.post(`${base}/api/workflows`, {
      headers,
      data: {
        name: 'Shared',
        definition: {
          trigger: { type: 'manual' },
          steps: [
            { id: 'first', type: 'transform', expression: '1' },
            { id: 'second', type: 'transform', expression: '2' },
          ],
        },
      },
    });
    workflowId = ((await created.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await bob?.close();
    await session?.close();
  });

  const open = async (context: BrowserContext): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${base}/workflows/w/${workflowId}/edit`);
    await page.getByTestId('node-second').waitFor();
    await page.getByTestId('collab-status').getByText('Draft synced').waitFor();
    return page;
  };
  const select = async (page: Page, stepId: string) => {
    await page.getByTestId(`node-${stepId}`).click();
    await page.getByTestId('step-panel').getByRole('heading', { name: new RegExp(stepId) }).waitFor();
  };

  it('shows each person’s edits to the other within a second, keeps concurrent edits of different steps, and saves one version with both authors', async () => {
    const [pa, pb] = await Promise.all([open(ada), open(bob)]);
    await Promise.all([select(pa, 'first'), select(pb, 'second')]);

    // Presence: each sees who else is here and which step they have selected.
    await pa.getByTestId('presence').getByText('Bob Builder').waitFor();
    await pb.getByTestId('presence').getByText('Ada Lovelace').waitFor();
    await pa.getByTestId('node-second').getByLabel('Bob Builder has this step selected').waitFor();

    // Both type at the same time, each into a different step.
    await Promise.all([pa.getByTestId('step-panel').getByLabel('Name').fill('Alpha by Ada'), pb.getByTestId('step-panel').getByLabel('Name').fill('Beta by Bob')]);
    const typed = Date.now();
    await Promise.all([pb.getByTestId('node-first').getByText('Alpha by Ada').waitFor({ timeout: 1000 }), pa.getByTestId('node-second').getByText('Beta by Bob').waitFor({ timeout: 1000 })]);
    const seenAfterMs = Date.now() - typed;
    expect(seenAfterMs).toBeLessThan(1000);
    for (const page of [pa, pb]) {
      await page.getByTestId('node-first').getByText('Alpha by Ada').waitFor();
      await page.getByTestId('node-second').getByText('Beta by Bob').waitFor();
    }

    // A structural change (a new step) reaches the other side too.
    await pb.getByRole('button', { name: 'Add step' }).click();
    await pa.getByTestId('node-transform_1').waitFor({ timeout: 1000 });

    await pb.getByLabel('Version message').fill('Named both steps');
    await pb.getByRole('button', { name: 'Save version' }).click();
    await pb.getByTestId('editor-versions').getByText('Named both steps').waitFor();
    const state = (await (await ada.request.get(`${base}/api/workflows/${workflowId}/collab/state`)).json()) as { versions: { version: number; authors: { id: string }[] }[] };
    expect(state.versions[0]?.authors.map((a) => a.id).sort()).toEqual([ids.ada, ids.bob].sort());
    const v2 = (await (await ada.request.get(`${base}/api/workflows/${workflowId}/versions/2`)).json()) as { definition: { steps: { id: string; name?: string }[] } };
    expect(v2.definition.steps.map((s) => [s.id, s.name])).toEqual([
      ['first', 'Alpha by Ada'],
      ['second', 'Beta by Bob'],
      ['transform_1', undefined],
    ]);

    // After a reload the draft comes back from the server as it was.
    await pa.reload();
    await pa.getByTestId('collab-status').getByText('Draft synced').waitFor();
    await pa.getByTestId('node-second').getByText('Beta by Bob').waitFor();

    await screenshot(pa, 'collab-ada');
    await screenshot(pb, 'collab-bob');
    expect(await seriousViolations(pa)).toEqual([]);
    expect(await seriousViolations(pb)).toEqual([]);
    console.log(`collab: the other browser showed the edit ${seenAfterMs} ms after typing finished`);
  });
});
