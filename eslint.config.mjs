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
const BOT_SDK = {
  group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
  message: 'The Bot Framework SDK belongs in src/bot/ (and the bot-state storage adapters): see docs/decisions/0001-bot-framework.md.',
};
const BOT_SDK_HOMES = [
  'src/bot/**',
  'src/store/stateStorage.ts',
  'src/store/sqlite/sqliteStorage.ts',
  'src/store/blob/blobStateStorage.ts',
];

/** OpenTelemetry's SDK and exporters are set up in one file; everything else reports through @opentelemetry/api. */
const TELEMETRY_SDK = {
  group: ['@opentelemetry/sdk-*', '@opentelemetry/exporter-*', '@azure/monitor-opentelemetry', '@azure/monitor-opentelemetry-*'],
  message: "OpenTelemetry's SDK is set up in src/telemetry/startTelemetry.ts alone: report through src/telemetry/signals.ts.",
};
const TELEMETRY_SDK_HOME = 'src/telemetry/startTelemetry.ts';

/** Our folders a layer may not import, as import paths (relative imports from inside src/). */
const above = (...folders) => folders.flatMap((folder) => [`**/${folder}`, `**/${folder}/**`]);
const SURFACES = ['api', 'bot', 'tab', 'composition', 'index'];

/**
 * The layers, lowest first: each folder of src/ imports only what sits below it. The README's
 * Layout draws the same picture; test/lint/layers.test.ts plants a violation in each.
 */
const LAYERS = [
  { folder: 'domain', forbidden: ['../*', '../**'], why: 'src/domain is the rules alone: it imports nothing of ours.' },
  {
    folder: 'telemetry',
    // The folder patterns would catch the OpenTelemetry API's package name too.
    forbidden: [...above('app', 'store', 'graph', 'auth', 'http', 'cards', 'config', ...SURFACES), '!@opentelemetry/api'],
    why: 'Telemetry knows the domain alone: every layer reports through it.',
  },
  {
    folder: 'cards',
    forbidden: above('app', 'store', 'graph', 'auth', 'http', 'config', ...SURFACES),
    why: 'Cards are built from the domain alone.',
  },
  {
    folder: 'http',
    forbidden: above('app', 'store', 'graph', 'auth', 'cards', ...SURFACES),
    why: 'src/http is plumbing under every surface.',
  },
  {
    folder: 'store',
    forbidden: above('app', 'graph', 'auth', 'http', 'cards', ...SURFACES),
    why: 'Storage knows the domain, never the use cases or surfaces.',
  },
  {
    folder: 'graph',
    forbidden: above('app', 'store', 'auth', 'cards', ...SURFACES),
    why: 'The Graph client knows the domain and HTTP, never the use cases.',
  },
  {
    folder: 'auth',
    forbidden: above('app', 'store', 'graph', 'cards', ...SURFACES),
    why: 'Identity knows the domain and HTTP, never the use cases.',
  },
  {
    folder: 'app',
    forbidden: above('cards', 'http', ...SURFACES),
    why: 'Use cases never import a surface (REST, bot, tab) or how it answers.',
  },
  { folder: 'api', forbidden: above('bot', 'tab', 'composition', 'index'), why: 'The REST API is one surface: it never imports another.' },
  { folder: 'bot', forbidden: above('api', 'tab', 'composition', 'index'), why: 'The bot is one surface: it never imports another.' },
  {
    folder: 'tab',
    forbidden: above('app', 'store', 'graph', 'telemetry', 'api', 'bot', 'composition', 'index'),
    why: 'The side panel runs in the browser: it shares only the domain, cards and the sign-in.',
  },
];

const layerRule = (layer, withBotSdk, withTelemetrySdk = true) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: layer.forbidden, message: `${layer.why} (layers: eslint.config.mjs, README Layout)` },
        ...(withBotSdk ? [BOT_SDK] : []),
        ...(withTelemetrySdk ? [TELEMETRY_SDK] : []),
      ],
    },
  ],
});

const LAYER_RULES = [
  // The composition root and the entry point may import anything but the bot SDK.
  { files: ['src/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [BOT_SDK, TELEMETRY_SDK] }] } },
  ...LAYERS.flatMap((layer) => [
    { files: [`src/${layer.folder}/**/*.ts`], ignores: BOT_SDK_HOMES, rules: layerRule(layer, true) },
    { files: BOT_SDK_HOMES.filter((home) => home.startsWith(`src/${layer.folder}/`)), rules: layerRule(layer, false) },
  ]).filter((block) => block.files.length > 0),
  {
    files: [TELEMETRY_SDK_HOME],
    rules: layerRule(
      LAYERS.find((layer) => layer.folder === 'telemetry'),
      true,
      false,
    ),
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'devTools/', 'coverage/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  // What ships is held to the strict type-checked rules; stand-ins, tests and the benchmark to the recommended ones.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: typeChecked,
    rules: houseRules,
  },
  // Specs beside the code have a project of their own: the build's leaves them out (dist/src ships no spec).
  {
    files: ['src/**/*.spec.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { project: './tsconfig.specs.json', tsconfigRootDir: import.meta.dirname } },
    rules: houseRules,
  },
  {
    files: ['dev/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: typeChecked,
    rules: houseRules,
  },
  ...LAYER_RULES,
  // One outcome type: a step that can refuse returns Result<T, E>, never an { ok } union of its own.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/domain/result.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "TSPropertySignature[key.name='ok']",
          message: 'Return Result<T, E> from src/domain/result.ts, not an { ok } type of its own.',
        },
      ],
    },
  },
  // jest's asymmetric matchers (expect.any, expect.stringContaining) are typed `any` by design.
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-argument': 'off' },
  },
);
