import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The project's root, whether this runs compiled (dist/dev/package) or from source (dev/package). */
const ROOT = (function projectRoot(dir: string): string {
  return existsSync(join(dir, 'package-lock.json')) ? dir : projectRoot(dirname(dir));
})(__dirname);

interface PackageJson {
  name: string;
  version: string;
  description?: string;
  license?: string;
  engines?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
  /** Versions the root sets for its dependencies' own dependencies (one msal-node for botbuilder and the app). */
  overrides?: Record<string, unknown>;
  /** npm's install-script policy: which dependencies may run theirs. */
  allowScripts?: Record<string, boolean>;
  peerDependencies?: Record<string, string>;
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .map((path) => path.split('\\').join('/'))
    .sort();
}

/** The packages compiled production code loads (`require("name")` or `require("@scope/name/…")`). */
export function packagesRequiredBy(dir: string): string[] {
  const names = new Set<string>();
  for (const file of filesUnder(dir).filter((path) => path.endsWith('.js'))) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/require\("([^".][^"]*)"\)/g)) {
      const specifier = match[1];
      if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const parts = specifier.split('/');
      names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
  return [...names].sort();
}

/**
 * What App Service runs, and nothing else: the compiled app (`dist/src`, card templates included),
 * the side panel's bundle (`dist/tab`), and a package.json whose dependencies are exactly the
 * packages that code loads (and their peers). No secrets, keys, tests, stand-ins' data or dev tools.
 * App Service installs the dependencies itself (Oryx, `SCM_DO_BUILD_DURING_DEPLOYMENT`), so native
 * modules are built for its Linux, not for the machine that deploys.
 */
export function buildDeployArtifact(outDir = join(ROOT, 'build', 'deploy')): string {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const shipped = (source: string) => !/\.(map|d\.ts|tsbuildinfo)$/.test(source);
  cpSync(join(ROOT, 'dist', 'src'), join(outDir, 'dist', 'src'), { recursive: true, filter: shipped });
  cpSync(join(ROOT, 'dist', 'tab'), join(outDir, 'dist', 'tab'), { recursive: true, filter: shipped });

  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
  const dependencies = productionDependencies(root, packagesRequiredBy(join(outDir, 'dist')));
  const manifest = {
    name: root.name,
    version: root.version,
    private: true,
    description: root.description,
    license: root.license,
    engines: root.engines,
    // The root's own start command (its prestart build is done: the artifact is compiled).
    scripts: { start: root.scripts?.start ?? 'node dist/src/index.js' },
    dependencies,
    // The versions tested here: botbuilder's msal-node is the app's own.
    ...(root.overrides ? { overrides: root.overrides } : {}),
    // Which dependencies may run install scripts (better-sqlite3 builds its native part): npm 12 runs no other.
    ...(root.allowScripts ? { allowScripts: root.allowScripts } : {}),
  };
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // The lock file, pruned to these dependencies at the versions tested here (no download needed).
  cpSync(join(ROOT, 'package-lock.json'), join(outDir, 'package-lock.json'));
  execFileSync('npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: outDir,
    stdio: 'pipe',
  });
  return outDir;
}

/** The root's versions of the required packages, and of their peers the root provides. */
function productionDependencies(root: PackageJson, required: readonly string[]): Record<string, string> {
  const missing = required.filter((name) => root.dependencies[name] === undefined);
  if (missing.length > 0)
    throw new Error(`Production code loads packages that are not dependencies in package.json: ${missing.join(', ')}`);
  const names = new Set(required);
  for (const name of required) {
    const own = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as Partial<PackageJson>;
    for (const peer of Object.keys(own.peerDependencies ?? {})) if (root.dependencies[peer]) names.add(peer);
  }
  return Object.fromEntries([...names].sort().map((name) => [name, root.dependencies[name]]));
}

if (require.main === module) {
  const outDir = buildDeployArtifact();
  console.log(`Deploy artifact (${filesUnder(outDir).length} files): ${relative(process.cwd(), outDir) || '.'}`);
}
