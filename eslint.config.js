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
  // (perContext(ctx) in src/platform/context-state.ts), is a lazy constant (once() in src/platform/once.ts)
  // or a bounded memo of pure work (boundedMemo() in src/platform/memo.ts).
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
        {
          // A module-level collection is state unless its type says nobody changes it (a constant lookup table:
          // `const safeMethods: ReadonlySet<string> = new Set([...])`). WeakMap/WeakSet have no read-only type.
          selector: ['Program > VariableDeclaration > VariableDeclarator', 'Program > ExportNamedDeclaration > VariableDeclaration > VariableDeclarator']
            .map((declarator) => `${declarator}[init.type="NewExpression"][init.callee.name=/^(Map|Set|WeakMap|WeakSet)$/]:not([id.typeAnnotation.typeAnnotation.typeName.name=/^(ReadonlyMap|ReadonlySet)$/])`)
            .join(', '),
          message: 'No module-level Map/Set/WeakMap/WeakSet outside src/platform/ (#20): declare a constant lookup table ReadonlyMap/ReadonlySet; keep state with perContext(ctx)/perObject(key), a memo of pure work with boundedMemo().',
        },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
