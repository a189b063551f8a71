#!/usr/bin/env node
// The CLI lives in TypeScript under src/cli; this shim runs its compiled form (built by `npm start` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('atom: the server is not built yet; run `npm run build` (or `npm start`) first.');
  process.exit(1);
}
await import(entry);
