// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const typeChecked = { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } };

/** Choices made for this codebase, each with its reason; everything else is the preset's. */
const houseRules = {
  // Counts and limits belong in messages ("at most 20 numbers").
  '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
  // Async methods implement Promise interfaces over synchronous stores (better-sqlite3), and an
  // async function turns a throw into a rejection the caller handles.
  '@typescript-eslint/require-await': 'off',
  '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
};

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'devTools/', 'coverage/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  // What ships is held to the strict type-checked rules; stand-ins, tests and the benchmark to the recommended ones.
  { files: ['src/**/*.ts'], extends: [tseslint.configs.strictTypeChecked], languageOptions: typeChecked, rules: houseRules },
  {
    files: ['dev/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: typeChecked,
    rules: houseRules,
  },
  // jest's asymmetric matchers (expect.any, expect.stringContaining) are typed `any` by design.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-argument': 'off' } },
);
