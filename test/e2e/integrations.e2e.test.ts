import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { OAuth2Server } from 'oauth2-mock-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

const webDist = process.env['ATOM_E2E_WEB_DIST'] ?? 'web/dist';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** The OAuth round trip in the browser: catalog → Connect → provider consent → back to Atom → health → disconnect. */
describe('integrations pages (browser)', () => {
  let oauth: OAuth2Server;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html'))) throw new Error(`${webDist} is not built: \`npm test\` builds it (npm run build:web).`);
    oauth = new OAuth2Server();
    await oauth.issuer.keys.generate('RS256');
    await oauth.start(0, '127.0.0.1');
    const issuer = oauth.issuer.url!;
    const port = await freePort();
    server = await startTestServer({
      ATOM_WEB_DIST: path.resolve(webDist),
      ATOM_PORT: String(port),
      ATOM_PUBLIC_URL: `http://127.0.0.1:${port}`,
      // Endpoints only: the OAuth app itself is registered by the admin in the page.
      ATOM_INTEGRATIONS: JSON.stringify({ gitlab: { authorizeUrl: `${issuer}/authorize`, tokenUrl: `${issuer}/token`, revokeUrl: `${issuer}/revoke` } }),
    });
    browser = await launchBrowser();
    context = await browser.newContext({ bypassCSP: true });
    const signup = await context.request.post(`${server.url}/api/auth/signup`, { data: { email: 'connector@example.test', password: 'correct horse battery staple', name: 'Connector' } });
    expect(signup.status()).toBe(201);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await oauth?.stop();
  });

  it('the admin registers the OAuth app in the page, then connects GitLab through the OAuth round trip', async () => {
    await page.goto(`${server.url}/integrations`);
    await page.getByRole('heading', { name: 'Integrations', exact: true }).waitFor();
    expect(await page.getByTestId('redirect-uri').textContent()).toBe(`${server.url}/api/oauth/callback`);
    await page.getByLabel('Show every provider', { exact: false }).check();
    const row = page.getByTestId('oauth-app-gitlab');
    await row.getByRole('button', { name: 'Set up' }).click();
    await row.getByLabel('Client id').fill('atom');
    await row.getByLabel('Client secret').fill('gitlab-app-secret-0042');
    await row.getByRole('button', { name: 'Save' }).click();
    await row.getByText('secret set (…0042)', { exact: false }).waitFor();
    // GitLab works with Atom (issues, merge requests, a new-issue trigger): it shows with the switch on.
    await page.getByLabel('Search services').fill('gitlab');
    const card = page.getByTestId('service-gitlab');
    await card.waitFor();
    await card.getByRole('button', { name: 'Connect' }).click();
    await page.getByTestId('oauth-connect').click();
    // The mock consents at once and sends the browser back to Atom's callback, which lands on /integrations.
    await page.getByTestId('oauth-connected').waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/integrations');
    await page.getByTestId('connections').getByRole('link', { name: 'GitLab' }).click();
    await expect.poll(async () => page.getByTestId('health-status').textContent()).toBe('healthy');
    await screenshot(page, 'integrations-connection');
  });

  it('disconnects (revoking at the provider) and the connection is gone', async () => {
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('heading', { name: 'Integrations', exact: true }).waitFor();
    await expect.poll(async () => ((await (await context.request.get(`${server.url}/api/connections`)).json()) as { items: unknown[] }).items.length).toBe(0);
  });
});
