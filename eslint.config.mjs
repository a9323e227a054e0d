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

/**
 * The archived Bot Framework SDK stays where moving the host would touch it: the bot host
 * (src/bot/) and the bot-state storage adapters. docs/decisions/0001-bot-framework.md says why.
 */
const BOT_SDK_ONLY_IN_THE_BOT_HOST = {
  files: ['src/**/*.ts'],
  ignores: ['src/bot/**', 'src/store/stateStorage.ts', 'src/store/sqlite/SqliteStorage.ts', 'src/store/blob/BlobStateStorage.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
            message:
              'The Bot Framework SDK belongs in src/bot/ (and the bot-state storage adapters): see docs/decisions/0001-bot-framework.md.',
          },
        ],
      },
    ],
  },
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
  BOT_SDK_ONLY_IN_THE_BOT_HOST,
  // jest's asymmetric matchers (expect.any, expect.stringContaining) are typed `any` by design.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-argument': 'off' } },
);
