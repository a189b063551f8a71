import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/openai/server.js';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

const KEY = 'sk-test-offline-chat';

/** A chat message written while offline waits in the offline queue and is delivered when the network is back. */
describe('offline chat (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let context: BrowserContext;
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;

  beforeAll(async () => {
    openai = await startFakeOpenAI({ keys: [KEY] });
    session = await openSignedInSession({ ATOM_SSRF_ALLOW: '127.0.0.1' }, { email: 'offline@example.test', name: 'Offline Owner' });
    context = session.context;
    const url = session.server.url;
    const csrf = ((await (await context.request.get(`${url}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    const key = await context.request.post(`${url}/api/ai/keys`, { headers: { 'x-csrf-token': csrf, origin: url }, data: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
    expect(key.status()).toBe(201);
  });
  afterAll(async () => {
    await session?.close();
    await openai?.close();
  });

  it('queues a message sent while offline and delivers it when back online', async () => {
    const url = session.server.url;
    const message = 'Remember that the offsite moved to Friday';
    openai.script({ text: 'Noted: the offsite is on Friday.' });
    const page = await context.newPage();
    await page.goto(`${url}/chat`);
    const box = page.getByLabel('Message', { exact: true });
    await box.waitFor();

    await context.setOffline(true);
    await page.getByTestId('offline-banner').waitFor();
    await box.fill(message);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('queued: will be sent when you are back online').waitFor();
    await expect.poll(() => page.getByTestId('offline-banner').textContent()).toContain('1 change will be sent');
    // Nothing reached the server while offline.
    expect(openai.requests.filter((r) => r.body.includes(message))).toHaveLength(0);
    await screenshot(page, 'chat-offline-queued');
    expect(await seriousViolations(page)).toEqual([]);

    await context.setOffline(false);
    await page.getByText('· delivered').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'New' }).waitFor();
    const conversations = (await (await context.request.get(`${url}/api/conversations?limit=10`)).json()) as { conversations: { id: string; title: string }[] };
    expect(conversations.conversations.map((c) => c.title)).toContain(message);
    const stored = (await (await context.request.get(`${url}/api/conversations/${conversations.conversations[0]?.id}`)).json()) as { messages: { role: string; text: string }[] };
    expect(stored.messages.filter((m) => m.role === 'user').map((m) => m.text)).toEqual([message]);
    expect(openai.requests.some((r) => r.body.includes(message))).toBe(true);
    await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
    await screenshot(page, 'chat-offline-delivered');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
