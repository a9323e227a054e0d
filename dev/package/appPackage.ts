import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { parse as parseEnv } from 'dotenv';

const PROJECT_ROOT = join(__dirname, '..', '..', '..');
const TEXT_FILES = ['manifest.json', 'es-US.json'];
const ICONS = { 'color.png': { width: 192, height: 192, alpha: false }, 'outline.png': { width: 32, height: 32, alpha: true } } as const;

export class AppPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The app package is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Teams Toolkit's env files: env/.env.{name}, then the git-ignored env/.env.{name}.user. */
export function readEnvironment(name: string, root = PROJECT_ROOT): Record<string, string> {
  const read = (file: string) => (existsSync(file) ? parseEnv(readFileSync(file)) : {});
  return { ...read(join(root, 'env', `.env.${name}`)), ...read(join(root, 'env', `.env.${name}.user`)) };
}

/** Replaces every ${{VAR}}; names left undefined are reported, never packaged blank. */
function substitute(text: string, variables: Record<string, string | undefined>): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const result = text.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_match, name: string) => {
    const value = variables[name];
    if (value === undefined || (value === '' && name !== 'APP_NAME_SUFFIX')) missing.add(name);
    return value ?? '';
  });
  return { text: result, missing: [...missing] };
}

/**
 * A localization file checked against the schema it names, bundled in @microsoft/app-manifest.
 * Not through AppManifestUtils: the official schema's key patterns (`\\b]\\.description`) are not
 * valid as the Unicode regular expressions Ajv compiles by default, so they are compiled as plain ones.
 */
function localizationProblems(localization: { $schema?: string }): string[] {
  const bundled = /json-schemas\/(teams\/v[\d.]+\/MicrosoftTeams\.Localization\.schema\.json)$/.exec(localization.$schema ?? '')?.[1];
  if (!bundled) return [`$schema must name a Teams localization schema, not ${JSON.stringify(localization.$schema)}`];
  const schemas = join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas');
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri']);
  const validate = ajv.compile(JSON.parse(readFileSync(join(schemas, bundled), 'utf8')) as object);
  if (validate(localization)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}. Details: ${JSON.stringify(error.params)}`);
}

/** Width, height and whether a PNG has an alpha channel, from its IHDR chunk. */
function pngInfo(png: Buffer): { width: number; height: number; alpha: boolean } {
  if (png.toString('ascii', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  const colorType = png.readUInt8(25);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), alpha: colorType === 4 || colorType === 6 };
}

/**
 * Builds appPackage/build/appPackage.{env}.zip: variables substituted, the manifest and its
 * localization files validated against the official schema bundled in @microsoft/app-manifest
 * (offline), icons checked. Throws AppPackageError listing every problem.
 */
export async function buildAppPackage(
  env: string,
  variables: Record<string, string | undefined>,
  sourceDir = join(PROJECT_ROOT, 'appPackage'),
): Promise<string> {
  const problems: string[] = [];
  const files = new Map<string, Buffer>();
  for (const name of TEXT_FILES) {
    const { text, missing } = substitute(readFileSync(join(sourceDir, name), 'utf8'), variables);
    problems.push(
      ...missing.map((variable) => `${name}: \${{${variable}}} is not defined (set it in env/.env.${env} or env/.env.${env}.user)`),
    );
    files.set(name, Buffer.from(text));
  }
  // Most of them (TEAMS_APP_ID, BOT_ID, AAD_APP_CLIENT_ID) are written by provisioning: say that first,
  // once, and stop (the schema would only repeat each blank id as a pattern mismatch).
  if (problems.length > 0)
    throw new AppPackageError([
      `Run \`teamsapp provision --env ${env}\` first: it writes the ids the manifest needs to env/.env.${env}.`,
      ...problems,
    ]);
  for (const [name, text] of files) {
    const json: unknown = JSON.parse(text.toString());
    const found =
      name === 'manifest.json'
        ? await AppManifestUtils.validateAgainstSchema(json as AppManifest)
        : localizationProblems(json as { $schema?: string });
    problems.push(...found.map((error) => `${name}: ${error}`));
  }
  for (const [name, expected] of Object.entries(ICONS)) {
    const icon = readFileSync(join(sourceDir, name));
    const info = pngInfo(icon);
    if (info.width !== expected.width || info.height !== expected.height)
      problems.push(`${name} is ${info.width}×${info.height}; Teams needs ${expected.width}×${expected.height}`);
    if (expected.alpha && !info.alpha) problems.push(`${name} needs a transparent background`);
    files.set(name, icon);
  }
  if (problems.length > 0) throw new AppPackageError(problems);
  const zip = new AdmZip();
  for (const [name, content] of files) zip.addFile(name, content);
  const outDir = join(sourceDir, 'build');
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `appPackage.${env}.zip`);
  zip.writeZip(path);
  return path;
}
