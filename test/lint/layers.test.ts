/**
 * The layers are kept by the linter, not by memory: a planted import of the Bot Framework SDK
 * outside the bot host fails `npm run lint`, while the same import in the bot host passes. The
 * files are linted as text at those paths (nothing is written into src/).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const PLANTED = "import type { TurnContext } from 'botbuilder';\nexport type Planted = TurnContext;\n";

/**
 * The project's own configuration, asked only for its import rule (it needs no type information).
 * ESLint loads its configuration as an ES module, which jest's module system cannot: it runs in a
 * plain Node process.
 */
const LINT_AS_TEXT = `
const { ESLint } = require('eslint');
const [code, filePath] = process.argv.slice(1);
const eslint = new ESLint({
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});
eslint.lintText(code, { filePath }).then(([result]) => {
  process.stdout.write(JSON.stringify((result?.messages ?? []).map((m) => (m.ruleId ?? '') + ': ' + m.message)));
});
`;

async function importProblems(code: string, path: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', LINT_AS_TEXT, code, join(ROOT, path)], { cwd: ROOT });
  return JSON.parse(stdout) as string[];
}

describe('the archived Bot Framework SDK stays in the bot host', () => {
  it.each(['src/app/planted.ts', 'src/domain/planted.ts', 'src/api/planted.ts', 'src/graph/planted.ts', 'src/composition.ts'])(
    'is refused in %s',
    async (path) => {
      expect(await importProblems(PLANTED, path)).toEqual([
        expect.stringMatching(/^no-restricted-imports: .*docs\/decisions\/0001-bot-framework\.md/),
      ]);
    },
  );

  it.each(['src/bot/planted.ts', 'src/store/sqlite/SqliteStorage.ts'])('is allowed in %s', async (path) => {
    expect(await importProblems(PLANTED, path)).toEqual([]);
  });
});
