import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { buildDeployArtifact, filesUnder, packagesRequiredBy } from '../../dev/package/deployArtifact';
import { START_COMMAND } from '../support/appProcess';

const ROOT = join(__dirname, '..', '..');

/** What may ship to App Service, and nothing else. */
const ALLOWED = [
  /^package\.json$/,
  /^package-lock\.json$/,
  /^dist\/src\/[\w/]+\.js$/,
  /^dist\/src\/cards\/templates\/\w+\.json$/,
  /^dist\/tab\/[\w-]+\.(js|html|css)$/,
];

/** Libraries the app, botbuilder and restify all use: one version each (package.json's overrides; the app's zod is botbuilder's major). */
const SHARED_LIBRARIES = ['zod', '@azure/msal-node', 'pino', 'uuid'];

/** How many installed copies of `name` the loaded modules come from. */
function copiesLoaded(loaded: readonly string[], name: string): number {
  const marker = `/node_modules/${name}/`;
  return new Set(loaded.filter((file) => file.includes(marker)).map((file) => file.slice(0, file.lastIndexOf(marker) + marker.length)))
    .size;
}

describe('the deploy artifact (what teamsapp deploy zips for App Service)', () => {
  let dir: string;
  let files: string[];
  beforeAll(() => {
    dir = buildDeployArtifact(join(mkdtempSync(join(tmpdir(), 'deploy-')), 'artifact'));
    files = filesUnder(dir);
  }, 60_000);

  it('holds only the compiled app, its templates, the side panel bundle and the package manifest', () => {
    expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/src/index.js',
        'dist/src/cards/templates/sendForm.json',
        'dist/tab/tab.js',
        'dist/tab/index.html',
        'package.json',
      ]),
    );
  });

  it('holds no secret, key, git data, test (nor a spec beside the code), stand-in or source map', () => {
    const forbidden = files.filter((file) =>
      /(^|\/)\.env|\.user$|\.localConfigs|\.pem$|\.key$|(^|\/)\.git(\/|$)|^dev\/|^test\/|\.spec\.js$|\.map$|\.ts$/.test(file),
    );
    expect(forbidden).toEqual([]);
  });

  it('ships no stand-in: no unsigned token, no Playground identity, nothing from dev/', () => {
    const standIns = files
      .filter((file) => file.startsWith('dist/src/') && file.endsWith('.js'))
      .filter((file) => /alg:\s*['"]none['"]|class Playground|require\("(\.\.\/)+dev\//.test(readFileSync(join(dir, file), 'utf8')));
    expect(standIns).toEqual([]);
  });

  it('depends on exactly the packages the app loads (with their peers), none of them a dev dependency', () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const shipped = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies?: unknown;
      scripts: Record<string, string>;
    };
    expect(shipped.devDependencies).toBeUndefined();
    expect(shipped.scripts).toEqual({ start: START_COMMAND });
    const names = Object.keys(shipped.dependencies);
    expect(names).toEqual(expect.arrayContaining(packagesRequiredBy(join(dir, 'dist'))));
    expect(names.filter((name) => root.devDependencies[name] !== undefined)).toEqual([]);
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    expect(Object.entries(lock.packages).filter(([, entry]) => entry.dev)).toEqual([]);
  });

  it("installs from its own lock file alone, better-sqlite3's install script allowed and none undecided; every module then loads, each library botbuilder or restify shares with the app once", () => {
    const installed = join(mkdtempSync(join(tmpdir(), 'deploy-install-')), 'app');
    cpSync(dir, installed, { recursive: true });
    // As App Service's build does, less the native compile (its Linux does that); offline from npm's cache.
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], {
      cwd: installed,
      stdio: 'pipe',
    });
    const modules = filesUnder(join(installed, 'dist', 'src')).filter((file) => file.endsWith('.js') && file !== 'index.js');
    const script = `for (const m of ${JSON.stringify(modules)}) require('./dist/src/' + m); console.log(JSON.stringify(Object.keys(require.cache)))`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: installed, encoding: 'utf8' })) as string[];
    expect(loaded).toEqual(expect.arrayContaining(modules.map((module) => join(installed, 'dist', 'src', module))));
    // A second copy of a library is a second set of modules on the heap for the life of the process (zod: 0.5-2.8 MB each).
    for (const shared of SHARED_LIBRARIES) expect({ shared, copies: copiesLoaded(loaded, shared) }).toEqual({ shared, copies: 1 });
    // npm 12 runs only the install scripts package.json allows: better-sqlite3's must, and none is left undecided.
    expect(execFileSync('npm', ['install-scripts', 'ls'], { cwd: installed, encoding: 'utf8' })).toContain('No packages with unreviewed');
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))).toMatchObject({ allowScripts: { 'better-sqlite3': true } });
  }, 180_000);

  it('is what teamsapp.yml builds and zip-deploys, with App Service installing the dependencies', () => {
    const toolkit = load(readFileSync(join(ROOT, 'teamsapp.yml'), 'utf8')) as {
      deploy: Array<{ uses: string; with?: { args?: string; artifactFolder?: string; ignoreFile?: string } }>;
    };
    const steps = toolkit.deploy;
    expect(steps.find((step) => step.with?.args === 'run deploy-artifact')).toBeDefined();
    expect(steps.find((step) => step.uses === 'azureAppService/zipDeploy')?.with).toMatchObject({ artifactFolder: 'build/deploy' });
    const bicep = readFileSync(join(ROOT, 'infra/azure.bicep'), 'utf8');
    expect(bicep).toContain("{ name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }");
    expect(bicep).toContain(`appCommandLine: '${START_COMMAND}'`);
    // The heap settings the README's Performance section measured (old generation 512 MB, young 2 × 8 MB).
    expect(START_COMMAND.split(' ')).toEqual(expect.arrayContaining(['--max-old-space-size=512', '--max-semi-space-size=8']));
  });
});
