import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { openSignedInSession, type BrowserSession } from '../support/browser-session.js';

/**
 * Connecting a server service in the web app: the dialog draws the form from the service's settings schema
 * (labels, defaults, masked password), shows the API's field errors at the field, and connects to the real
 * PostgreSQL of this machine. API-key services keep their key form.
 */
describe('connect dialog for server settings (browser)', { timeout: 120_000 }, () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openSignedInSession({ ATOM_SSRF_ALLOW: '127.0.0.1' }, { email: 'servers@example.test', name: 'Server Owner' });
    page = await session.context.newPage();
  });
  afterAll(async () => {
    await session?.close();
  });

  const open = async (search: string, id: string) => {
    await page.goto(`${session.server.url}/integrations`);
    // Every service, whether or not Atom has actions for it yet.
    await page.getByLabel('Works with Atom').uncheck();
    await page.getByLabel('Search services').fill(search);
    await page.getByTestId(`service-${id}`).getByRole('button', { name: 'Connect' }).click();
    return page.getByRole('dialog');
  };

  it('PostgreSQL: a generated form with defaults and a masked password; field errors at the field; then connected', async () => {
    const dialog = await open('postgresql', 'postgresql');
    const form = dialog.getByTestId('server-settings-form');
    await form.waitFor();
    expect(await form.getByLabel('Port').inputValue()).toBe('5432');
    expect(await form.locator('input[name="password"]').getAttribute('type')).toBe('password');
    expect(await form.getByLabel('TLS').inputValue()).toBe('off');
    expect(await seriousViolations(page)).toEqual([]);

    // A host the schema refuses and a missing user: the API's errors land on their fields.
    await form.getByLabel('Host').fill('not a host!');
    await form.getByLabel('Database').fill('test');
    await form.getByRole('button', { name: 'Connect' }).click();
    await form.getByText('must be a host name or IP address').waitFor();
    expect(await form.getByLabel('Host').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('User').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'connect-server-field-errors');
    expect(await seriousViolations(page)).toEqual([]);

    await form.getByLabel('Host').fill('127.0.0.1');
    await form.getByLabel('User').fill('postgres');
    await form.locator('input[name="password"]').fill('trust-needs-none');
    await form.getByRole('button', { name: 'Connect' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('connections').getByRole('link', { name: 'PostgreSQL' }).waitFor();
    const listed = await page.request.get(`${session.server.url}/api/connections`);
    expect(await listed.text()).not.toContain('trust-needs-none');
  });

  it('a server that refuses the settings says why, and nothing is saved', async () => {
    const dialog = await open('mysql', 'mysql');
    const form = dialog.getByTestId('server-settings-form');
    await form.getByLabel('Host').fill('127.0.0.1');
    await form.getByLabel('Database').fill('test');
    await form.getByLabel('User').fill('root');
    await form.locator('input[name="password"]').fill('wrong-password-for-root');
    await form.getByRole('button', { name: 'Connect' }).click();
    await form.getByTestId('server-settings-error').waitFor();
    expect(await form.getByTestId('server-settings-error').textContent()).toMatch(/MySQL/);
    await page.keyboard.press('Escape');
  });

  it('SFTP: the private key is a masked multi-line field; API-key services keep a key form', async () => {
    let dialog = await open('sftp', 'sftp');
    const form = dialog.getByTestId('server-settings-form');
    await form.getByLabel('Private key').waitFor();
    expect(await form.locator('textarea[name="privateKey"]').count()).toBe(1);
    expect(await form.locator('input[name="passphrase"]').getAttribute('type')).toBe('password');
    await page.keyboard.press('Escape');
    dialog = await open('sendgrid', 'sendgrid');
    expect(await dialog.getByLabel('API key').getAttribute('type')).toBe('password');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
