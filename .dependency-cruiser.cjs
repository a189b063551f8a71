// Import-cycle check, part of `npm run lint` (and so of `npm test`): a cycle between modules means two
// domains are wired by import order instead of by src/app.ts / src/worker.ts (issue #20).
// Type-only imports (`import type`, inline `type` specifiers) are ignored (tsPreCompilationDeps: false):
// they vanish when TypeScript compiles, so they cannot make a runtime cycle or an import-order bug.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycle: move the shared piece to where it belongs, or pass it in (a port) from src/app.ts / src/worker.ts.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-zod-only',
      severity: 'error',
      comment: 'src/shared/ holds the API shapes both builds read (the web app imports their types): zod and other src/shared files only, never server code.',
      from: { path: '^src/shared/' },
      to: { pathNot: ['^src/shared/', '^node_modules/zod/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests and a service's fake (src/integrations/<service>/fake.ts): test-only code, not built.
    exclude: { path: ['\\.test\\.ts$', '/fake\\.ts$', '/fake/'] },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
