import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { signUpInBrowser } from './auth.js';
import { launchBrowser } from './browser.js';
import { startTestServer } from './server.js';

export interface BrowserSession {
  server: Awaited<ReturnType<typeof startTestServer>>;
  browser: Browser;
  /** Signed in as a new account (on a fresh server: the owner of the first workspace). */
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A real Atom serving the built web app, Chromium, and a browser context signed up through the API.
 * bypassCSP lets tests inject axe-core; the app itself keeps its strict CSP.
 */
export async function openSignedInSession(env: Record<string, string> = {}, who: { email?: string; name?: string } = {}): Promise<BrowserSession> {
  if (!existsSync('web/dist/index.html')) throw new Error('web/dist is not built: `npm test` builds it (npm run build:web).');
  const server = await startTestServer(env);
  const browser = await launchBrowser();
  const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
  await signUpInBrowser(context, server.url, who);
  return {
    server,
    browser,
    context,
    close: async () => {
      await context.close();
      await browser.close();
      await server.close();
    },
  };
}
