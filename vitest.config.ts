import { defineConfig } from 'vitest/config';
import { generateIntegrations } from './scripts/gen-integrations.mjs';

// src/integrations/registry.generated.ts (the service list, not committed) exists before any test imports it,
// and follows the folders when `npx vitest` runs without npm install or a build first.
generateIntegrations();

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'web/**'],
    environment: 'node',
    pool: 'forks',
    // Two cores: more parallel files only adds contention (PostgreSQL, Chromium, builds).
    maxWorkers: 2,
    testTimeout: 30_000,
    // CI runs browser, PostgreSQL, Redis and worker processes on two cores: a timing-sensitive test gets
    // one more try there (the JSON report still records it as retried).
    retry: process.env['CI'] ? 1 : 0,
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default'],
  },
});
