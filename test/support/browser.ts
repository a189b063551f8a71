import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env['ATOM_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Debian's Chromium driven by playwright-core (a test tool's own browser download fails on this machine).
 * The flags keep it from reaching for the network, which is closed here; `extraArgs` adds test-specific ones.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}; run scripts/ensure-services.sh (installs the Debian package).`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // e.g. --use-fake-device-for-media-stream: a microphone for voice tests (none without it).
      ...extraArgs,
    ],
  });
}

/** Saves a screenshot under test-results/ (kept as a CI artifact) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.resolve('test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
