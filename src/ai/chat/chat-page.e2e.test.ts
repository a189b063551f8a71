import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { signUpInBrowser } from '../../../test/support/auth.js';
import { launchBrowser, screenshot } from '../../../test/support/browser.js';
import { startTestServer } from '../../../test/support/server.js';
import { provideAgentPorts } from './ports.js';

const KEY = 'sk-browser-chat-key-123456789';

/** The chat page in a real browser against a real server and the fake model. */
describe('chat page (browser)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
  const sent: unknown[] = [];

  beforeAll(async () => {
    if (!existsSync('web/dist/index.html')) throw new Error('web/dist is not built: `npm test` builds it (npm run build:web).');
    server = await startTestServer({ ATOM_SSRF_ALLOW: '127.0.0.1' });
    browser = await launchBrowser();
    openai = await startFakeOpenAI({ keys: [KEY] });
    provideAgentPorts(server.ctx, {
      memory: { search: async () => [{ documentId: 'doc-1', title: 'Q3 report.pdf', url: '/memory/documents/doc-1', snippet: 'Revenue in Q3 was $1.2M.' }] },
      actions: {
        list: async () => [{ id: 'gmail.send_email', title: 'Send an email', description: 'Send', sideEffect: true, input: z.object({ to: z.string(), body: z.string() }) }],
        run: async ({ input }) => {
          sent.push(input);
          return { id: 'm1' };
        },
      },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await openai?.close();
  });

  it('streams a cited answer, then shows an email to confirm and sends nothing when cancelled', async () => {
    const context = await browser.newContext();
    await signUpInBrowser(context, server.url);
    const { csrfToken } = (await (await context.request.get(`${server.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    const added = await context.request.post(`${server.url}/api/ai/keys`, { data: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` }, headers: { 'x-csrf-token': csrfToken } });
    expect(added.status()).toBe(201);

    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/chat`);
    openai.script({ toolCalls: [{ name: 'search_documents', args: { query: 'Q3 revenue' } }] }, { text: 'Q3 revenue was $1.2M [1].' });
    await page.getByLabel('Message').fill('What was Q3 revenue?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Q3 revenue was $1.2M').waitFor();
    await expect(page.getByRole('link', { name: 'Q3 report.pdf' }).getAttribute('href')).resolves.toBe('/memory/documents/doc-1');
    await page.waitForURL(/\/chat\/conv_/);

    openai.script({ toolCalls: [{ name: 'run_action', args: { actionId: 'gmail.send_email', input: { to: 'bob@example.com', body: 'Q3: $1.2M' } } }] });
    await page.getByLabel('Message').fill('Email Bob the number');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('button', { name: 'Confirm' }).waitFor();
    await screenshot(page, 'ai-chat-confirm');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('cancelled', { exact: true }).waitFor();
    expect(sent).toEqual([]);
    expect(errors).toEqual([]);
  });
});
