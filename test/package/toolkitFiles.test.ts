import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { ADMIN_ROLE } from '../../src/api/authenticate';
import { GRAPH_SCOPES, APP_PERMISSIONS } from '../../src/auth/onBehalfOfExchanger';
import { CONFIG_NAMES } from '../../src/config';

const ROOT = join(__dirname, '..', '..');
const json = <T>(file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as T;
const yaml = (file: string) =>
  load(readFileSync(join(ROOT, file), 'utf8')) as {
    version: string;
    provision?: Array<{ uses: string }>;
    deploy?: Array<{ uses: string }>;
  };

interface AadManifest {
  accessTokenAcceptedVersion: number;
  identifierUris: string[];
  requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
  oauth2Permissions: Array<{ value: string }>;
  preAuthorizedApplications: Array<{ appId: string }>;
  appRoles: Array<{ value: string }>;
}

describe('the Entra app (aad.manifest.json)', () => {
  const aad = json<AadManifest>('aad.manifest.json');

  it('has the App ID URI the Teams manifest asks SSO tokens for, exactly', () => {
    const teams = json<{ webApplicationInfo: { resource: string } }>('appPackage/manifest.json');
    expect(aad.identifierUris).toEqual([teams.webApplicationInfo.resource]);
    expect(aad.accessTokenAcceptedVersion).toBe(2);
    expect(aad.oauth2Permissions.map((permission) => permission.value)).toEqual(['access_as_user']);
  });

  it('asks for exactly the Graph permissions the on-behalf-of exchange requests, plus sign-in', () => {
    const graph = aad.requiredResourceAccess.find((resource) => resource.resourceAppId === 'Microsoft Graph');
    const delegated = graph?.resourceAccess.filter((access) => access.type === 'Scope').map((access) => access.id) ?? [];
    expect(delegated.filter((scope) => !['User.Read', 'openid', 'profile', 'offline_access'].includes(scope)).sort()).toEqual(
      GRAPH_SCOPES.map((scope) => scope.replace('https://graph.microsoft.com/', '')).sort(),
    );
    // Texts that go later (held, automatic and standing reminders) use the app's own permissions.
    expect(graph?.resourceAccess.filter((access) => access.type === 'Role').map((access) => access.id)).toEqual(APP_PERMISSIONS);
  });

  it('pre-authorizes the Teams desktop, mobile and web clients, and defines the admin role the API checks', () => {
    expect(aad.preAuthorizedApplications.map((app) => app.appId)).toEqual(
      expect.arrayContaining(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']),
    );
    expect(aad.appRoles.map((role) => role.value)).toEqual([ADMIN_ROLE]);
  });
});

describe("the side panel's consent page in the Entra app", () => {
  it('is a single-page-app redirect URI at the page the side panel opens', () => {
    const replies = json<{ replyUrlsWithType: Array<{ url: string; type: string }> }>('aad.manifest.json').replyUrlsWithType;
    expect(replies).toContainEqual({ url: 'https://${{BOT_DOMAIN}}/tab/auth.html', type: 'Spa' });
    expect(readFileSync(join(ROOT, 'src/tab/pages/auth.html'), 'utf8')).toContain('auth.js');
  });
});

describe('the Teams Toolkit project files', () => {
  it.each(['teamsapp.yml', 'teamsapp.local.yml', 'teamsapp.testtool.yml'])('%s is v1.8, the highest the teamsapp CLI accepts', (file) => {
    expect(yaml(file).version).toBe('v1.8');
  });

  it.each(['teamsapp.yml', 'teamsapp.local.yml'])(
    '%s provisions the Entra app, the bot and the Teams app, and validates the package',
    (file) => {
      const actions = (yaml(file).provision ?? []).map((step) => step.uses);
      expect(actions).toEqual(
        expect.arrayContaining([
          'aadApp/create',
          'teamsApp/create',
          'botAadApp/create',
          'aadApp/update',
          'teamsApp/validateManifest',
          'teamsApp/zipAppPackage',
          'teamsApp/validateAppPackage',
          'teamsApp/update',
        ]),
      );
      expect(actions.indexOf('aadApp/update')).toBeGreaterThan(actions.indexOf('aadApp/create'));
    },
  );

  it('registers an Azure Bot locally too, and deploys to App Service in the cloud', () => {
    expect((yaml('teamsapp.local.yml').provision ?? []).map((step) => step.uses)).toContain('arm/deploy');
    expect((yaml('teamsapp.yml').deploy ?? []).map((step) => step.uses)).toContain('azureAppService/zipDeploy');
    expect((yaml('teamsapp.local.yml').deploy ?? []).map((step) => step.uses)).toContain('file/createOrUpdateEnvironmentFile');
  });

  it('F5 "Debug in Teams" first opens the tunnel, provisions and deploys for local, in that order, then starts the app', () => {
    const json = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;
    const launch = json('.vscode/launch.json') as { configurations: Array<{ name: string; command?: string; preLaunchTask?: string }> };
    const tasks = (
      json('.vscode/tasks.json') as {
        tasks: Array<{ label: string; command?: string; dependsOn?: string[]; args?: Record<string, unknown> }>;
      }
    ).tasks;
    const teams = launch.configurations.find((configuration) => configuration.name === 'Debug in Teams');
    expect(teams).toMatchObject({ command: 'npm start', preLaunchTask: 'Start Teams App Locally' });
    const chain = tasks.find((task) => task.label === teams?.preLaunchTask)?.dependsOn ?? [];
    const commands = chain.map((label) => tasks.find((task) => task.label === label)?.command);
    expect(commands).toEqual(['debug-check-prerequisites', 'debug-start-local-tunnel', 'provision', 'deploy']);
    const tunnel = tasks.find((task) => task.command === 'debug-start-local-tunnel');
    expect(JSON.stringify(tunnel?.args)).toContain('"writeToEnvironmentFile":{"endpoint":"BOT_ENDPOINT","domain":"BOT_DOMAIN"}');
    expect(tasks.filter((task) => task.args?.env !== undefined).every((task) => task.args?.env === 'local')).toBe(true);
  });

  it("has the publish lifecycle the README's `teamsapp publish --env dev` runs", () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('teamsapp publish --env dev');
    const publish = (yaml('teamsapp.yml') as { publish?: Array<{ uses: string }> }).publish ?? [];
    expect(publish.map((step) => step.uses)).toEqual(expect.arrayContaining(['teamsApp/zipAppPackage', 'teamsApp/publishAppPackage']));
  });
});

/** `param name type [= default]` lines of a Bicep file: name → whether it has a default. */
function bicepParams(file: string): Map<string, boolean> {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return new Map([...text.matchAll(/^param (\w+) \w+( = .+)?$/gm)].map((match) => [match[1], match[2] !== undefined]));
}

const bicep = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const envFile = (file: string) =>
  new Set([...readFileSync(join(ROOT, file), 'utf8').matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]));

describe('the Azure resources (infra/) that teamsapp.yml provisions', () => {
  const provision = (yaml('teamsapp.yml').provision ?? []) as Array<{
    uses: string;
    with?: { templates?: Array<{ path: string; parameters: string }> };
    writeToEnvironmentFile?: Record<string, string>;
  }>;
  const armIndex = provision.findIndex((step) => step.uses === 'arm/deploy');
  const template = provision[armIndex]?.with?.templates?.[0];

  it('deploys infra/azure.bicep with its parameters file, after the Entra and bot apps exist', () => {
    expect(template).toEqual({
      path: './infra/azure.bicep',
      parameters: './infra/azure.parameters.json',
      deploymentName: expect.any(String),
    });
    expect(armIndex).toBeGreaterThan(provision.findIndex((step) => step.uses === 'botAadApp/create'));
    expect(armIndex).toBeLessThan(provision.findIndex((step) => step.uses === 'aadApp/update'));
  });

  it('gives every parameter without a default a value, and no value to a parameter the template lacks', () => {
    const params = bicepParams('infra/azure.bicep');
    const values = Object.keys(json<{ parameters: Record<string, unknown> }>('infra/azure.parameters.json').parameters);
    expect(values.filter((name) => !params.has(name))).toEqual([]);
    expect([...params].filter(([name, hasDefault]) => !hasDefault && !values.includes(name))).toEqual([]);
  });

  it('fills every ${{VAR}} of the parameters from env/.env.dev or an earlier provision step', () => {
    const written = new Set(provision.slice(0, armIndex).flatMap((step) => Object.values(step.writeToEnvironmentFile ?? {})));
    const defined = new Set([...envFile('env/.env.dev'), ...written]);
    const used = [...readFileSync(join(ROOT, 'infra/azure.parameters.json'), 'utf8').matchAll(/\$\{\{(\w+)\}\}/g)].map((match) => match[1]);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !defined.has(name))).toEqual([]);
  });

  it('passes the bot registration module exactly the parameters it declares', () => {
    const declared = bicepParams('infra/botRegistration/azurebot.bicep');
    const moduleBlock =
      /module azureBot '\.\/botRegistration\/azurebot\.bicep' = \{[\s\S]*?params: \{([\s\S]*?)\n {2}\}/.exec(
        bicep('infra/azure.bicep'),
      )?.[1] ?? '';
    const passed = [...moduleBlock.matchAll(/^\s+(\w+):/gm)].map((match) => match[1]);
    expect(passed.filter((name) => !declared.has(name))).toEqual([]);
    expect([...declared].filter(([name, hasDefault]) => !hasDefault && !passed.includes(name))).toEqual([]);
  });

  it('sets only App Service settings the app reads, including the blob storage and the OAuth connection', () => {
    const settings = [...bicep('infra/azure.bicep').matchAll(/\{ name: '(\w+)', value:/g)].map((match) => match[1]);
    const platform = ['SCM_DO_BUILD_DURING_DEPLOYMENT', 'WEBSITE_NODE_DEFAULT_VERSION'];
    expect(settings.filter((name) => !CONFIG_NAMES.includes(name) && !platform.includes(name))).toEqual([]);
    expect(settings).toEqual(
      expect.arrayContaining([
        'BOT_ID',
        'BOT_PASSWORD',
        'AAD_APP_CLIENT_SECRET',
        'STORAGE',
        'AZURE_STORAGE_CONNECTION_STRING',
        'OAUTH_CONNECTION_NAME',
      ]),
    );
  });

  it("points App Service's health check at readiness, sends telemetry to Application Insights, and alerts on Graph's 403s and 429s", () => {
    const azure = bicep('infra/azure.bicep');
    expect(azure).toContain("healthCheckPath: '/readyz'");
    expect(azure).toContain("{ name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }");
    // The metric and attribute test/api/telemetry.test.ts sees the app export.
    const query = /query: '([^']+)'/.exec(azure)?.[1] ?? '';
    expect(query).toContain('name == "appointment_sms.graph.failures"');
    expect(query).toContain('customDimensions["graph.failure.reason"]');
    expect(query).toContain('reason in ("forbidden", "throttled")');
    expect(azure).toContain('threshold: graphFailureAlertThreshold');
  });

  it('outputs what the deploy step and the manifests read: the App Service id and the bot domain', () => {
    const outputs = [...bicep('infra/azure.bicep').matchAll(/^output (\w+) /gm)].map((match) => match[1]);
    const deployUses = [
      ...(readFileSync(join(ROOT, 'teamsapp.yml'), 'utf8').split('\ndeploy:')[1] ?? '').split('\npublish:')[0].matchAll(/\$\{\{(\w+)\}\}/g),
    ].map((match) => match[1]);
    expect(outputs).toEqual(expect.arrayContaining([...deployUses, 'BOT_DOMAIN']));
  });

  it('keeps secrets out of the repo: secure parameters only, and secret values only from SECRET_ variables', () => {
    for (const name of ['botAadAppClientSecret', 'aadAppClientSecret'])
      expect(bicep('infra/azure.bicep')).toMatch(new RegExp(`@secure\\(\\)\\nparam ${name} string`));
    const parameters = json<{ parameters: Record<string, { value: string }> }>('infra/azure.parameters.json').parameters;
    expect(parameters.botAadAppClientSecret?.value).toBe('${{SECRET_BOT_PASSWORD}}');
    expect(parameters.aadAppClientSecret?.value).toBe('${{SECRET_AAD_APP_CLIENT_SECRET}}');
  });
});

describe('the Agents Playground sample users (.m365agentsplayground.yml)', () => {
  it("makes you the Graph sandbox's Teams Premium organizer, in the sandbox tenant", () => {
    const config = load(readFileSync(join(ROOT, '.m365agentsplayground.yml'), 'utf8')) as {
      version: string;
      tenantId: string;
      currentUser: { aadObjectId: string; name: string };
      users: unknown[];
    };
    const seed = json<{
      organizers: Array<{ id: string; displayName: string; teamsPremium: boolean }>;
      meetings: Array<{ organizerId: string }>;
    }>('dev/graph-sandbox/seed.json');
    const organizer = seed.organizers.find((candidate) => candidate.id === config.currentUser.aadObjectId);
    expect(config.version).toBe('0.1.1');
    expect(organizer).toMatchObject({ displayName: config.currentUser.name, teamsPremium: true });
    expect(seed.meetings[0].organizerId).toBe(organizer!.id);
    expect(config.users.length).toBeGreaterThanOrEqual(5); // the Playground refuses fewer
  });
});
