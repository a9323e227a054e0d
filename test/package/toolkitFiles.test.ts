import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { ADMIN_ROLE } from '../../src/api/bookRoutes';
import { GRAPH_SCOPES } from '../../src/auth/OnBehalfOfExchanger';

const ROOT = join(__dirname, '..', '..');
const json = <T>(file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as T;
const yaml = (file: string) => load(readFileSync(join(ROOT, file), 'utf8')) as { version: string; provision?: Array<{ uses: string }>; deploy?: Array<{ uses: string }> };

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
  });

  it('pre-authorizes the Teams desktop, mobile and web clients, and defines the admin role the API checks', () => {
    expect(aad.preAuthorizedApplications.map((app) => app.appId)).toEqual(expect.arrayContaining(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']));
    expect(aad.appRoles.map((role) => role.value)).toEqual([ADMIN_ROLE]);
  });
});

describe('the Teams Toolkit project files', () => {
  it.each(['teamsapp.yml', 'teamsapp.local.yml', 'teamsapp.testtool.yml'])('%s is v1.8, the highest the teamsapp CLI accepts', (file) => {
    expect(yaml(file).version).toBe('v1.8');
  });

  it.each(['teamsapp.yml', 'teamsapp.local.yml'])('%s provisions the Entra app, the bot and the Teams app, and validates the package', (file) => {
    const actions = (yaml(file).provision ?? []).map((step) => step.uses);
    expect(actions).toEqual(
      expect.arrayContaining(['aadApp/create', 'teamsApp/create', 'botAadApp/create', 'aadApp/update', 'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/validateAppPackage', 'teamsApp/update']),
    );
    expect(actions.indexOf('aadApp/update')).toBeGreaterThan(actions.indexOf('aadApp/create'));
  });

  it('registers the bot with Bot Framework locally and deploys to App Service in the cloud', () => {
    expect((yaml('teamsapp.local.yml').provision ?? []).map((step) => step.uses)).toContain('botFramework/create');
    expect((yaml('teamsapp.yml').deploy ?? []).map((step) => step.uses)).toContain('azureAppService/zipDeploy');
    expect((yaml('teamsapp.local.yml').deploy ?? []).map((step) => step.uses)).toContain('file/createOrUpdateEnvironmentFile');
  });
});
