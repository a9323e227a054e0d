import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';

const ROOT = join(__dirname, '..', '..');
const variables = {
  TEAMS_APP_ID: '0c5d9e2a-7b1f-4c3e-8a6d-2f9b1e4c7a30',
  BOT_ID: '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
  AAD_APP_CLIENT_ID: '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
  BOT_DOMAIN: 'appointment-sms.contoso.example',
};

/** A copy of appPackage/ to break on purpose. */
function sourceCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'app-package-'));
  cpSync(join(ROOT, 'appPackage'), dir, { recursive: true, filter: (path) => !path.includes('/build') });
  return dir;
}

/** `npm run package -- local <dir>` as a person runs it (the compiled CLI). */
function packageApp(env: Record<string, string>, sourceDir: string) {
  const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'dev', 'package', 'main.js'), 'local', sourceDir], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout, err: run.stderr, zip: join(sourceDir, 'build', 'appPackage.local.zip') };
}

describe('npm run package', () => {
  it('zips a manifest that validates against the official v1.24 schema, with its localization and icons', () => {
    const run = packageApp(variables, sourceCopy());
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const zip = new AdmZip(run.zip);
    expect(
      zip
        .getEntries()
        .map((entry) => entry.entryName)
        .sort(),
    ).toEqual(['color.png', 'es-US.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as {
      name: { short: string };
      bots: Array<{ botId: string; commandLists: Array<{ commands: Array<{ title: string }> }> }>;
      webApplicationInfo: { resource: string };
    };
    expect(manifest.bots[0]?.botId).toBe(variables.BOT_ID);
    expect(manifest.name.short).toBe('Appointment SMS (local)');
    expect(manifest.webApplicationInfo.resource).toBe(`api://${variables.BOT_DOMAIN}/botid-${variables.BOT_ID}`);
    expect(manifest.bots[0]?.commandLists[0]?.commands.map((command) => command.title)).toEqual([
      'sms',
      'remind',
      'numbers',
      'history',
      'scheduled',
      'close day',
      'move day',
      'help',
    ]);
    // The default language is the manifest's own; only Spanish is an additional one.
    expect((manifest as unknown as { localizationInfo: unknown }).localizationInfo).toEqual({
      defaultLanguageTag: 'en-us',
      additionalLanguages: [{ languageTag: 'es-us', file: 'es-US.json' }],
    });
    expect((JSON.parse(zip.readAsText('es-US.json')) as Record<string, string>)['name.short']).toBe('SMS de citas (local)');
  });

  it('names every ${{VAR}} that is not defined instead of packaging it blank', () => {
    const { BOT_DOMAIN: _unused, ...withoutDomain } = variables;
    const run = packageApp(withoutDomain, sourceCopy());
    expect(run.code).toBe(1);
    expect(run.err.split('\n')[1]).toBe(
      '  - Run `teamsapp provision --env local` first: it writes the ids the manifest needs to env/.env.local.',
    );
    expect(run.err).toContain('manifest.json: ${{BOT_DOMAIN}} is not defined (set it in env/.env.local or env/.env.local.user)');
    // Nothing but what to do: no schema complaint about the blanks it left.
    expect(run.err).not.toContain('must match pattern');
  });

  it("fails a broken manifest with the schema's own messages, and a wrong icon with its size", () => {
    const dir = sourceCopy();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      bots: Array<{ scopes: string[] }>;
      developer?: unknown;
    };
    manifest.bots[0].scopes = ['personal', 'groupchat'];
    delete manifest.developer;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    cpSync(join(dir, 'outline.png'), join(dir, 'color.png'));
    const run = packageApp(variables, dir);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/manifest\.json: .*developer/);
    expect(run.err).toMatch(/manifest\.json: .*scopes/);
    expect(run.err).toContain('color.png is 32×32; Teams needs 192×192');
  });

  it("fails a Spanish file Teams would refuse with the localization schema's own messages", () => {
    const dir = sourceCopy();
    const spanish = JSON.parse(readFileSync(join(dir, 'es-US.json'), 'utf8')) as Record<string, string>;
    spanish['bots[0].commandLists[0].commands[0].titel'] = 'mensaje';
    spanish['name.short'] = 'SMS de citas para citas virtuales de Teams Premium';
    writeFileSync(join(dir, 'es-US.json'), JSON.stringify(spanish));
    const run = packageApp(variables, dir);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/es-US\.json: .*additional properties.*commands\[0\]\.titel/);
    expect(run.err).toMatch(/es-US\.json: \/name\.short must NOT have more than 30 characters/);
  });
});
