// ESLint 9 flat config: typescript-eslint's recommended rules (syntax only, no type-aware rules, so
// a run stays a few seconds on the shared machine; `npm run typecheck` covers types), the React
// hooks rules for the mini-program, and eslint-config-prettier last so layout is Prettier's alone.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', '.cache/', '.swc/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are the convention for a parameter or binding kept on purpose.
      // U+3000 (the ideographic space) separates parts of Chinese UI text on purpose; the rule stays on
      // for code, strings and comments.
      'no-irregular-whitespace': ['error', { skipJSXText: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    // Only the two classic hooks rules: the plugin's React Compiler rules check code for a compiler
    // this project does not use.
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useRemote$' }],
    },
  },
  {
    // Plain JavaScript run by Node (build config, the emulator's worker, test fixtures).
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
