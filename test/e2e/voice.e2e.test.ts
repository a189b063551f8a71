import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDeepgram, type FakeDeepgram } from '../fakes/deepgram/server.js';
import { signUpInBrowser } from '../support/auth.js';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

const DG_KEY = 'dg-e2e-key-0123456789abcdef';

/**
 * Replaces the browser's speech recognition with a scripted one (headless Chromium's own needs Google's
 * service): `start` says `window.__speech.say` as an interim then a final result, or fails with
 * `window.__speech.error`; `stop` ends it.
 */
const fakeRecognition = `
  window.__speech = { say: 'list my workflows', error: undefined };
  class FakeRecognition {
    start() {
      setTimeout(() => {
        if (window.__speech.error) { this.onerror?.({ error: window.__speech.error }); this.onend?.(); return; }
        const words = window.__speech.say.split(' ');
        const interim = Object.assign([{ transcript: words.slice(0, 2).join(' ') }], { isFinal: false });
        this.onresult?.({ results: [interim] });
        const final = Object.assign([{ transcript: window.__speech.say }], { isFinal: true });
        this.onresult?.({ results: [final] });
      }, 50);
    }
    stop() { setTimeout(() => this.onend?.(), 20); }
  }
  window.SpeechRecognition = FakeRecognition;
  window.webkitSpeechRecognition = FakeRecognition;
`;

async function holdTalk(page: Page, ms = 400) {
  const button = page.getByRole('button', { name: 'Push to talk' });
  await button.hover();
  await page.mouse.down();
  await page.waitForTimeout(ms);
  await page.mouse.up();
  return button;
}

describe('voice input fallback (browser)', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let deepgram: FakeDeepgram;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    server = await startTestServer({ ATOM_SSRF_ALLOW: '127.0.0.1' });
    deepgram = await startFakeDeepgram({ keys: [DG_KEY] });
  });
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await server?.close();
    await deepgram?.close();
  });

  const open = async (args: string[] = []): Promise<{ context: BrowserContext; page: Page }> => {
    const browser = await launchBrowser(args);
    browsers.push(browser);
    const context = await browser.newContext({ bypassCSP: true });
    await signUpInBrowser(context, server.url);
    await context.addInitScript(fakeRecognition);
    const page = await context.newPage();
    await page.goto(`${server.url}/chat`);
    await page.getByRole('button', { name: 'Push to talk' }).waitFor();
    return { context, page };
  };

  it('without a speech key: says so, lets go of the button, offers the browser\'s recognition, and a choice of it sends what was said', async () => {
    const { page } = await open();
    const button = await holdTalk(page);
    const note = page.getByTestId('voice-note');
    await expect.poll(() => note.textContent()).toContain('No speech key is set up');
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await screenshot(page, 'voice-no-key');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Use browser speech recognition' }).click();
    await holdTalk(page, 600);
    // The final transcript is sent as the person's message.
    await page.getByText('list my workflows').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
    // The choice is kept on this device.
    await page.reload();
    await page.getByRole('button', { name: 'Push to talk' }).waitFor();
    await expect.poll(() => page.getByTestId('voice-note').textContent()).toContain('Use Atom’s transcription instead');
  });

  it('browser recognition refused the microphone: a clear message and the button resets', async () => {
    const { page } = await open();
    await page.evaluate(`localStorage.setItem('atom.voice.browserRecognition', '1')`);
    await page.reload();
    await page.getByRole('button', { name: 'Push to talk' }).waitFor();
    await page.evaluate(`window.__speech.error = 'not-allowed'`);
    const button = await holdTalk(page, 300);
    await expect.poll(() => page.getByTestId('voice-note').textContent()).toContain('Microphone access was denied');
    expect(await button.getAttribute('aria-pressed')).toBe('false');
  });

  it('with a Deepgram key: no microphone, or permission denied, each says what happened and the button resets', async () => {
    // A browser with no audio device at all.
    const { context, page } = await open();
    const csrf = (await (await context.request.get(`${server.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    const key = await context.request.post(`${server.url}/api/ai/keys`, { data: { provider: 'deepgram', apiKey: DG_KEY, baseUrl: deepgram.url }, headers: { 'x-csrf-token': csrf.csrfToken } });
    expect(key.status()).toBe(201);
    const button = await holdTalk(page);
    await expect.poll(() => page.getByTestId('voice-note').textContent()).toContain('No microphone was found');
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await screenshot(page, 'voice-no-microphone');

    // A fake microphone, but the page was never granted it.
    const denied = await open(['--use-fake-device-for-media-stream']);
    const csrf2 = (await (await denied.context.request.get(`${server.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    expect((await denied.context.request.post(`${server.url}/api/ai/keys`, { data: { provider: 'deepgram', apiKey: DG_KEY, baseUrl: deepgram.url }, headers: { 'x-csrf-token': csrf2.csrfToken } })).status()).toBe(201);
    const button2 = await holdTalk(denied.page);
    await expect.poll(() => denied.page.getByTestId('voice-note').textContent()).toContain('Microphone access was denied');
    expect(await button2.getAttribute('aria-pressed')).toBe('false');
  });
});
