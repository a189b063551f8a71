import { existsSync } from 'node:fs';
import path from 'node:path';
import { OAuth2Server } from 'oauth2-mock-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { startTestServer } from '../support/server.js';

// ATOM_E2E_WEB_DIST lets a run use a web build made elsewhere; `npm test` builds web/dist.
const webDist = process.env['ATOM_E2E_WEB_DIST'] ?? 'web/dist';
const PASSWORD = 'correct horse battery staple';

/** Sign-up, sign-in, sign-out and the access settings pages, in Chromium against the real server. */
describe('sign-up, sign-in and sign-out (browser)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html'))) throw new Error(`${webDist} is not built: \`npm test\` builds it (npm run build:web).`);
    server = await startTestServer({ ATOM_WEB_DIST: path.resolve(webDist), ATOM_LOGIN_DELAY_MS: '0' });
    browser = await launchBrowser();
    // bypassCSP lets the test inject axe-core; the app itself keeps its strict CSP.
    context = await browser.newContext({ bypassCSP: true });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const path_ = () => new URL(page.url()).pathname + new URL(page.url()).search;
  const pageIsClean = async () => {
    // The header's palette button belongs to the shell's own tests.
    const violations = (await seriousViolations(page)).filter((v) => v.nodes.some((n) => !n.target.join(' ').includes('palette-trigger')));
    expect(violations).toEqual([]);
  };

  it('sends an anonymous visitor to sign-in, and the first visitor to create the first account', async () => {
    await page.goto(`${server.url}/settings/tokens`);
    await expect.poll(path_, { timeout: 10_000 }).toBe('/sign-in?next=%2Fsettings%2Ftokens');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await pageIsClean();
    await page.getByRole('link', { name: 'Create the first one' }).click();
    await page.getByRole('heading', { name: 'Create the first account' }).waitFor();
    await pageIsClean();

    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@example.test');
    await page.locator('input[type="password"]').fill('password123');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('is one of the most common passwords').waitFor();

    await page.locator('input[type="password"]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(path_, { timeout: 10_000 }).toBe('/');
    await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).waitFor();
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'atom_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await screenshot(page, 'auth-signed-up');
  });

  it('signs out from the account menu; the app then asks to sign in again', async () => {
    await page.getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect.poll(path_, { timeout: 10_000 }).toBe('/sign-in');
    expect((await context.cookies()).find((c) => c.name === 'atom_session')).toBeUndefined();
    expect((await context.request.get(`${server.url}/api/auth/me`)).status()).toBe(401);
    await page.goto(`${server.url}/settings/sessions`);
    await expect.poll(path_, { timeout: 10_000 }).toBe('/sign-in?next=%2Fsettings%2Fsessions');
  });

  it('answers sign-up with a registered email like any other, makes no account and suggests signing in', async () => {
    await page.goto(`${server.url}/sign-up`);
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Your name').fill('Not Ada');
    await page.getByLabel('Email').fill('ada@example.test');
    await page.locator('input[type="password"]').fill('someone else entirely 42');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('alert').filter({ hasText: 'No new account was made for this address' }).waitFor();
    expect(path_()).toBe('/sign-up');
    expect((await context.request.get(`${server.url}/api/auth/me`)).status()).toBe(401);
    await page.goto(`${server.url}/settings/sessions`);
    await expect.poll(path_, { timeout: 10_000 }).toBe('/sign-in?next=%2Fsettings%2Fsessions');
  });

  it('refuses a wrong password, then signs in and returns to the page asked for', async () => {
    await page.getByLabel('Email').fill('ada@example.test');
    await page.locator('input[type="password"]').fill('not my password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or password is wrong.' }).waitFor();
    await page.locator('input[type="password"]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(path_, { timeout: 10_000 }).toBe('/settings/sessions');
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await page.getByText('this browser').waitFor();
    await pageIsClean();
    await screenshot(page, 'auth-sessions');
  });

  it('creates an API token shown once, which then works as a bearer token', async () => {
    await page.goto(`${server.url}/settings/tokens`);
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByLabel('Token name').fill('deploy script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByTestId('new-token');
    await shown.waitFor();
    const token = /atom_[A-Za-z0-9_-]{43}/.exec((await shown.textContent()) ?? '')?.[0];
    expect(token).toBeDefined();
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    await page.getByRole('cell', { name: 'deploy script', exact: true }).waitFor();
    await pageIsClean();
    await page.reload();
    await page.getByRole('cell', { name: 'deploy script', exact: true }).waitFor();
    expect(await page.content()).not.toContain(token);
  });

  it('invites a teammate by link, who signs up into the workspace', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByRole('link', { name: /Members and roles/ }).click();
    await expect.poll(path_, { timeout: 10_000 }).toBe('/settings/members');
    await page.getByRole('heading', { name: 'Members and roles' }).waitFor();
    await page.getByLabel('Email (optional)').fill('grace@example.test');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await page.locator('code').filter({ hasText: '/invite/' }).textContent();
    expect(link).toContain(`${server.url}/invite/`);
    await pageIsClean();
    await screenshot(page, 'auth-members');

    const other = await browser.newContext();
    try {
      const invited = await other.newPage();
      await invited.goto(link!);
      await invited.getByRole('heading', { name: /^Join / }).waitFor();
      await invited.getByLabel('Your name').fill('Grace Hopper');
      await invited.locator('input[type="password"]').fill(PASSWORD);
      await invited.getByRole('button', { name: 'Create account' }).click();
      await invited.getByRole('button', { name: 'Grace Hopper', exact: true }).waitFor();
    } finally {
      await other.close();
    }
    await page.reload();
    await page.getByRole('cell', { name: 'grace@example.test' }).waitFor();
    expect(server.logs.text).not.toContain(PASSWORD);
  });

  it('changes the password from the account page', async () => {
    await page.goto(`${server.url}/settings/account`);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill('a completely new passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
    await pageIsClean();
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.test', password: 'a completely new passphrase' }),
    });
    expect(login.status).toBe(200);
  });

  it('sends the person to sign in when their session ends elsewhere', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await server.ctx.db.deleteFrom('auth_sessions').execute();
    await page.getByRole('link', { name: /API tokens/ }).click();
    await expect.poll(path_, { timeout: 10_000 }).toBe('/sign-in?next=%2Fsettings%2Ftokens');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});

describe('single sign-on (browser)', () => {
  const provider = new OAuth2Server();
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    await provider.issuer.keys.generate('RS256');
    await provider.start(0, '127.0.0.1');
    provider.service.on('beforeTokenSigning', (token) => Object.assign(token.payload, { sub: 'e2e-sso', email: 'sso@example.test', email_verified: true, name: 'Sam Sso' }));
    server = await startTestServer({
      ATOM_WEB_DIST: path.resolve(webDist),
      ATOM_OIDC_ISSUER: provider.issuer.url!,
      ATOM_OIDC_CLIENT_ID: 'atom-e2e',
      ATOM_OIDC_CLIENT_SECRET: 'e2e-client-secret',
      ATOM_OIDC_LABEL: 'Sign in with Example SSO',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider.stop();
  });

  it('signs in through the provider from the sign-in page and lands where it was going', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/settings/sessions`);
      await page.getByRole('link', { name: 'Sign in with Example SSO' }).click();
      // The mock provider approves at once and sends the browser back to Atom's callback.
      await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe('/settings/sessions');
      await page.getByRole('button', { name: 'Sam Sso', exact: true }).waitFor();
      await page.getByText('single sign-on').first().waitFor();
      await screenshot(page, 'auth-sso');
      expect(server.logs.text).not.toContain('e2e-client-secret');
    } finally {
      await context.close();
    }
  });
});
