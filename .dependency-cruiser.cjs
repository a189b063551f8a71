// Import-cycle check, part of `npm run lint` (and so of `npm test`): a cycle between modules means two
// domains are wired by import order instead of by src/app.ts / src/worker.ts (issue #20).
// Type-only imports count too (tsPreCompilationDeps: true): they cannot make an import-order bug, but a
// type cycle still ties two modules together (one cannot be read, moved or tested without the other).
// Break one by moving the shared type to the lower module or a leaf types file, or by importing it from
// its own file rather than a domain's index.ts when that index is what closes the loop.
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
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
