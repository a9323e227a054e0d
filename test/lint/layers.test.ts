/**
 * The layers are kept by the linter, not by memory: a planted import that reaches up a layer (or
 * the Bot Framework SDK outside the bot host) fails `npm run lint`, while the same kind of import
 * downwards passes. The files are linted as text at those paths (nothing is written into src/).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const PLANTED_SDK_IMPORT = "import type { TurnContext } from 'botbuilder';\nexport type Planted = TurnContext;\n";

/**
 * The project's own configuration, asked only for its import rule (it needs no type information).
 * ESLint loads its configuration as an ES module, which jest's module system cannot: it runs in a
 * plain Node process.
 */
const LINT_AS_TEXT = `
const { ESLint } = require('eslint');
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' || ruleId === 'no-restricted-syntax',
});
Promise.all(cases.map(([code, filePath]) => eslint.lintText(code, { filePath }))).then((results) => {
  process.stdout.write(JSON.stringify(results.map(([result]) => (result?.messages ?? []).map((m) => (m.ruleId ?? '') + ': ' + m.message))));
});
`;

const plantedImport = (target: string) => `import { planted } from '${target}';\nexport const again = planted;\n`;

const SDK_REFUSED = ['src/app/planted.ts', 'src/domain/planted.ts', 'src/api/planted.ts', 'src/graph/planted.ts', 'src/composition.ts'];
const SDK_ALLOWED = ['src/bot/planted.ts', 'src/store/sqlite/sqliteStorage.ts'];
const LAYER_REFUSED: Array<[path: string, target: string, reason: string]> = [
  ['src/domain/planted.ts', '../store/schedule', 'src/domain is the rules alone'],
  ['src/domain/planted.ts', '../app/notificationSender', 'src/domain is the rules alone'],
  ['src/cards/planted.ts', '../app/scheduledSends', 'Cards are built from the domain alone'],
  ['src/store/planted.ts', '../app/scheduledSends', 'Storage knows the domain'],
  ['src/store/blob/planted.ts', '../../app/sendOwners', 'Storage knows the domain'],
  ['src/graph/planted.ts', '../app/organizerZones', 'The Graph client knows the domain'],
  ['src/auth/planted.ts', '../store/sendLedger', 'Identity knows the domain'],
  ['src/http/planted.ts', '../api/httpAnswers', 'src/http is plumbing'],
  ['src/app/planted.ts', '../api/smsRoutes', 'Use cases never import a surface'],
  ['src/app/planted.ts', '../bot/chatAnswers', 'Use cases never import a surface'],
  ['src/api/planted.ts', '../bot/botHost', 'The REST API is one surface'],
  ['src/bot/planted.ts', '../api/httpAnswers', 'The bot is one surface'],
  ['src/tab/planted.ts', '../app/notificationSender', 'The side panel runs in the browser'],
  ['src/tab/planted.ts', '../telemetry/signals', 'The side panel runs in the browser'],
  ['src/telemetry/planted.ts', '../store/schedule', 'Telemetry knows the domain alone'],
  ['src/telemetry/planted.ts', '../app/notificationSender', 'Telemetry knows the domain alone'],
  ['src/app/planted.ts', '@opentelemetry/sdk-metrics', "OpenTelemetry's SDK is set up in src/telemetry/startTelemetry.ts alone"],
  ['src/composition.ts', '@azure/monitor-opentelemetry', "OpenTelemetry's SDK is set up in src/telemetry/startTelemetry.ts alone"],
  [
    'src/telemetry/signals.ts',
    '@opentelemetry/exporter-trace-otlp-http',
    "OpenTelemetry's SDK is set up in src/telemetry/startTelemetry.ts alone",
  ],
];
const LAYER_ALLOWED: Array<[path: string, target: string]> = [
  ['src/app/planted.ts', '../store/schedule'],
  ['src/api/planted.ts', '../http/errors'],
  ['src/bot/planted.ts', '../app/notificationSender'],
  ['src/store/blob/planted.ts', '../../domain/phoneNumbers'],
  ['src/domain/planted.ts', './phoneNumbers'],
  ['src/app/planted.ts', '../telemetry/signals'],
  ['src/telemetry/planted.ts', '@opentelemetry/api'],
  ['src/telemetry/startTelemetry.ts', '@opentelemetry/sdk-node'],
];

const PLANTED_OUTCOME = 'export type Planted = { ok: true; value: string } | { ok: false; reason: string };\n';
const OUTCOME_REFUSED = ['src/app/planted.ts', 'src/graph/planted.ts', 'src/tab/planted.ts'];

/** Every planted file of this spec, linted by one ESLint (starting one costs a second). */
const PLANTED: Array<[code: string, path: string]> = [
  ...[...OUTCOME_REFUSED, 'src/domain/result.ts'].map((path): [string, string] => [PLANTED_OUTCOME, path]),
  ...[...SDK_REFUSED, ...SDK_ALLOWED].map((path): [string, string] => [PLANTED_SDK_IMPORT, path]),
  ...[...LAYER_REFUSED, ...LAYER_ALLOWED].map(([path, target]): [string, string] => [plantedImport(target), path]),
];
let linted: Promise<string[][]> | undefined;

function importProblems(code: string, path: string): Promise<string[]> {
  const index = PLANTED.findIndex(([plantedCode, plantedPath]) => plantedCode === code && plantedPath === path);
  linted ??= promisify(execFile)(
    process.execPath,
    ['-e', LINT_AS_TEXT, JSON.stringify(PLANTED.map(([plantedCode, plantedPath]) => [plantedCode, join(ROOT, plantedPath)]))],
    { cwd: ROOT },
  ).then(({ stdout }) => JSON.parse(stdout) as string[][]);
  return linted.then((all) => all[index] ?? ['not planted']);
}

describe('the archived Bot Framework SDK stays in the bot host', () => {
  it.each(SDK_REFUSED)('is refused in %s', async (path) => {
    expect(await importProblems(PLANTED_SDK_IMPORT, path)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*docs\/decisions\/0001-bot-framework\.md/),
    ]);
  });

  it.each(SDK_ALLOWED)('is allowed in %s', async (path) => {
    expect(await importProblems(PLANTED_SDK_IMPORT, path)).toEqual([]);
  });
});

describe('each folder of src/ imports only the layers below it', () => {
  it.each(LAYER_REFUSED)('refuses %s importing %s', async (path, target, reason) => {
    expect(await importProblems(plantedImport(target), path)).toEqual([expect.stringContaining(reason)]);
  });

  it.each(LAYER_ALLOWED)('allows %s importing %s', async (path, target) => {
    expect(await importProblems(plantedImport(target), path)).toEqual([]);
  });
});

describe('a step that can refuse says so with the one Result type', () => {
  it.each(OUTCOME_REFUSED)('refuses an { ok } union of its own in %s', async (path) => {
    expect(await importProblems(PLANTED_OUTCOME, path)).toEqual([
      expect.stringMatching(/^no-restricted-syntax: Return Result<T, E>/),
      expect.stringMatching(/^no-restricted-syntax: Return Result<T, E>/),
    ]);
  });

  it('is where Result itself is declared', async () => {
    expect(await importProblems(PLANTED_OUTCOME, 'src/domain/result.ts')).toEqual([]);
  });
});
