import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { CONFIG_NAMES, loadConfig } from '../../src/config';
import { startAppProcess } from '../support/appProcess';
import { dana, danasMeeting } from '../support/graphSandbox';
import { startStandIns, type StandIns } from '../support/processStack';
import { CLIENT_ID, TENANT_ID } from '../support/stack';

/**
 * Every setting the app reads flows from the Toolkit's files to the app, per environment:
 * local (`teamsapp.local.yml` → `.localConfigs` → `npm start`) and Azure (`teamsapp.yml` →
 * `infra/azure.bicep` → App Service settings), with one story for the bot's identity and sign-in.
 */
const ROOT = join(__dirname, '..', '..');
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
interface Step {
  uses: string;
  with?: { target?: string; envs?: Record<string, string | number>; templates?: Array<{ path: string; parameters: string }> };
  writeToEnvironmentFile?: Record<string, string>;
}
const toolkit = (file: string) => load(text(file)) as { provision?: Step[]; deploy?: Step[] };
const envFile = (file: string) => new Set([...text(file).matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]));
const placeholders = (value: string) => [...value.matchAll(/\$\{\{(\w+)\}\}/g)].map((match) => match[1]);

const local = toolkit('teamsapp.local.yml');
const localConfigs =
  local.deploy?.find((step) => step.uses === 'file/createOrUpdateEnvironmentFile' && step.with?.target === './.localConfigs')?.with?.envs ??
  {};
/** What the Toolkit knows when `teamsapp deploy --env local` runs: env/.env.local, its .user secrets, and provision's outputs. */
const knownLocally = new Set([
  ...envFile('env/.env.local'),
  ...(local.provision ?? []).flatMap((step) => Object.values(step.writeToEnvironmentFile ?? {})),
  'TEAMSFX_ENV',
]);

describe('the local environment (teamsapp.local.yml)', () => {
  it('registers the bot as an Azure Bot with the SSO OAuth connection, from a parameters file that names only known variables', () => {
    const arm = (local.provision ?? []).find((step) => step.uses === 'arm/deploy');
    expect(arm?.with?.templates).toEqual([
      {
        path: './infra/botRegistration/azurebot.bicep',
        parameters: './infra/botRegistration/azurebot.parameters.json',
        deploymentName: expect.any(String),
      },
    ]);
    expect((local.provision ?? []).map((step) => step.uses)).not.toContain('botFramework/create');
    const template = text('infra/botRegistration/azurebot.bicep');
    const required = [...template.matchAll(/^param (\w+) \w+$/gm)].map((match) => match[1]);
    const given = Object.keys(
      (JSON.parse(text('infra/botRegistration/azurebot.parameters.json')) as { parameters: Record<string, unknown> }).parameters,
    );
    expect(required.filter((name) => !given.includes(name))).toEqual([]);
    const used = placeholders(text('infra/botRegistration/azurebot.parameters.json'));
    expect(used.filter((name) => !knownLocally.has(name))).toEqual([]);
  });

  it('writes to .localConfigs only settings the app reads, each from a variable the Toolkit has', () => {
    expect(Object.keys(localConfigs).filter((name) => !CONFIG_NAMES.includes(name))).toEqual([]);
    expect(
      Object.values(localConfigs)
        .flatMap((value) => placeholders(String(value)))
        .filter((name) => !knownLocally.has(name)),
    ).toEqual([]);
    expect(Object.keys(localConfigs)).toEqual(
      expect.arrayContaining(['BOT_ID', 'BOT_PASSWORD', 'BOT_TYPE', 'BOT_TENANT_ID', 'AAD_APP_ID_URI', 'OAUTH_CONNECTION_NAME']),
    );
  });

  it('gives the bot the same identity type and sign-in connection as in Azure', () => {
    const azure = text('infra/azure.bicep');
    expect(azure).toContain(`{ name: 'BOT_TYPE', value: '${String(localConfigs.BOT_TYPE)}' }`);
    expect(text('infra/botRegistration/azurebot.bicep')).toContain(`msaAppType: '${String(localConfigs.BOT_TYPE)}'`);
    expect(localConfigs.OAUTH_CONNECTION_NAME).toBe('${{OAUTH_CONNECTION_NAME}}');
    const parameters = (JSON.parse(text('infra/azure.parameters.json')) as { parameters: Record<string, { value: string }> }).parameters;
    expect(parameters.oauthConnectionName?.value).toBe('${{OAUTH_CONNECTION_NAME}}');
    expect(envFile('env/.env.dev').has('OAUTH_CONNECTION_NAME')).toBe(true);
  });
});

describe('npm start after teamsapp deploy --env local', () => {
  let standIns: StandIns;
  beforeAll(async () => {
    standIns = await startStandIns();
  }, 30_000);
  afterAll(() => standIns.stop());

  it('reads .localConfigs as the Toolkit writes it, and the environment wins over the file', async () => {
    const toolkitValues: Record<string, string> = {
      BOT_ID: CLIENT_ID,
      SECRET_BOT_PASSWORD: standIns.env.BOT_PASSWORD,
      AAD_APP_CLIENT_ID: CLIENT_ID,
      SECRET_AAD_APP_CLIENT_SECRET: standIns.env.AAD_APP_CLIENT_SECRET,
      AAD_APP_TENANT_ID: TENANT_ID,
      AAD_APP_OAUTH_AUTHORITY_HOST: standIns.entra.url,
      BOT_DOMAIN: 'sms-dev.contoso-tunnels.example',
      OAUTH_CONNECTION_NAME: 'AppointmentSmsSso',
    };
    const rendered = Object.entries(localConfigs).map(
      ([name, value]) => `${name}=${String(value).replace(/\$\{\{(\w+)\}\}/g, (_, variable: string) => toolkitValues[variable] ?? '')}`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'local-configs-'));
    writeFileSync(join(dir, '.localConfigs'), `${rendered.join('\n')}\n`);
    expect(loadConfig(Object.fromEntries(rendered.map((line) => line.split(/=(.*)/s) as [string, string]))).ok).toBe(true);

    // Only what the stand-ins replace comes from the environment; PORT=0 overrides the file's 3978.
    const { GRAPH_BASE_URL, BOT_OPENID_METADATA_URL, BOT_OAUTH_URL, SQLITE_PATH } = standIns.env;
    const app = await startAppProcess({ PORT: '0', GRAPH_BASE_URL, BOT_OPENID_METADATA_URL, BOT_OAUTH_URL, SQLITE_PATH }, dir);
    try {
      expect(new URL(app.url).port).not.toBe('3978');
      // A token for the App ID URI written in .localConfigs is accepted: the file's settings are in force.
      const token = await standIns.entra.issueUserToken({ oid: dana.id }, `api://${toolkitValues.BOT_DOMAIN}/botid-${CLIENT_ID}`);
      const answer = await fetch(`${app.url}/api/me/onlineMeetings/${encodeURIComponent(danasMeeting.id)}/attendees`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(answer.status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});

describe('the Playground profile (teamsapp.testtool.yml)', () => {
  it('provisions nothing, writes no settings file, and its launch profile runs exactly npm run playground', () => {
    const testtool = toolkit('teamsapp.testtool.yml');
    expect(testtool.provision).toBeUndefined();
    expect((testtool.deploy ?? []).map((step) => step.uses)).toEqual(['cli/runNpmCommand']);
    const launch = JSON.parse(text('.vscode/launch.json')) as { configurations: Array<{ name: string; command?: string }> };
    expect(launch.configurations.find((configuration) => configuration.name === 'Debug in Agents Playground')?.command).toBe(
      'npm run playground',
    );
  });
});

describe('what the Toolkit files and the README point to', () => {
  it('every README section a Toolkit or env file names exists', () => {
    const headings = new Set([...text('README.md').matchAll(/^#+ (.+)$/gm)].map((match) => match[1].trim()));
    const files = ['teamsapp.yml', 'teamsapp.local.yml', 'teamsapp.testtool.yml', 'env/.env.dev', 'env/.env.local', 'env/.env.testtool'];
    const named = files.flatMap((file) => [...text(file).matchAll(/README:? "([^"]+)"/g)].map((match) => match[1]));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((section) => ![...headings].some((heading) => heading.startsWith(section)))).toEqual([]);
  });

  it("every file the README's deploy section names exists", () => {
    const section = text('README.md').split('## Deploy to your tenant')[1].split('\n## ')[0];
    const paths = [...section.matchAll(/`((?:infra|env|appPackage|\.vscode)\/[\w./-]+|[\w.-]+\.(?:yml|json))`/g)].map((match) => match[1]);
    expect(paths.length).toBeGreaterThan(3);
    // Generated or secret files, and the newer Toolkit's file name that we deliberately do not use.
    const notInRepo = (path: string) =>
      path.includes('{') || path.endsWith('.user') || path.includes('/build/') || path === 'm365agents.yml';
    expect(paths.filter((path) => !notInRepo(path) && !existsSync(join(ROOT, path)))).toEqual([]);
  });
});
