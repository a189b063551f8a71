import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  // No module-level mutable state outside src/platform/ (issue #20): state lives per context
  // (perContext(ctx) in src/platform/context-state.ts) or is a lazy constant (once() in src/platform/once.ts).
  {
    files: ['src/**/*.ts'],
    // Tests and a service's fake (src/integrations/<service>/fake.ts, test-only, not built) are exempt like tests.
    ignores: ['src/platform/**', 'src/**/*.test.ts', 'src/**/fake.ts', 'src/**/fake/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program > VariableDeclaration[kind!="const"], Program > ExportNamedDeclaration > VariableDeclaration[kind!="const"]',
          message: 'No module-level let/var outside src/platform/ (#20): keep per-context state with perContext(ctx), a lazy constant with once(), or pass it in.',
        },
      ],
    },
  },
  // The code-step worker pool is still configured once per process (configureCodeSteps).
  {
    files: ['src/workflows/code/index.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
