// Bundle budget: the JavaScript a first visit downloads for the sign-in and home pages (entry chunk,
// its static imports, and the page's lazy chunk with its imports), gzipped, must stay under 200 KB.
// Runs in `npm test` after the web build; fails above budget.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 200 * 1024;
const dist = path.resolve('web/dist');
const manifestPath = path.join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error('web/dist/.vite/manifest.json is missing: build the web app first (npm run build:web).');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

/** Files a page needs before it can render: the chunk and, transitively, its static imports. */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return seen;
  seen.add(key);
  for (const dep of chunk.imports ?? []) closure(dep, seen);
  return seen;
}

const gz = (file) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith('index.html'));
const pages = { home: 'src/pages/HomePage.tsx', 'sign-in': 'src/pages/auth/SignInPage.tsx' };

let failed = false;
for (const [name, pageKey] of Object.entries(pages)) {
  if (!manifest[pageKey]) {
    console.log(`bundle budget: ${name} page (${pageKey}) is not in this build; skipped`);
    continue;
  }
  const keys = new Set([...closure(entry), ...closure(pageKey)]);
  const files = [...keys].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
  const total = files.reduce((sum, f) => sum + gz(f), 0);
  const ok = total <= BUDGET_BYTES;
  failed ||= !ok;
  console.log(`bundle budget: ${name} page loads ${(total / 1024).toFixed(1)} KB of gzipped JS in ${files.length} files (budget ${BUDGET_BYTES / 1024} KB) ${ok ? 'ok' : 'OVER BUDGET'}`);
}
process.exit(failed ? 1 : 0);
