import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { AuthenticationConstants } from 'botframework-connector';
import { botFrameworkSettings } from '../../src/bot/botHost';
import { loadConfig } from '../../src/config';
import { runAppToExit, startAppProcess } from '../support/appProcess';

/** Settings a start needs, pointing nowhere it will call before listening. */
const STAND_IN_SETTINGS = {
  BOT_ID: '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
  BOT_PASSWORD: 'x',
  AAD_APP_CLIENT_ID: '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
  AAD_APP_CLIENT_SECRET: 'x',
  AAD_APP_TENANT_ID: 'b3cdf1c8-024a-49e2-a994-f67f830b02f3',
  GRAPH_BASE_URL: 'https://127.0.0.1:3980',
};

describe('starting the app', () => {
  it('with missing and invalid settings, stops at once with one readable line per problem', async () => {
    const { code, stderr } = await runAppToExit({
      AAD_APP_TENANT_ID: 'not-a-guid',
      GRAPH_BASE_URL: 'http://graph.example',
      GRAPH_API_VERSION: 'v2',
      STORAGE: 'blob',
    });

    expect(code).toBe(1);
    // No deprecation noise (restify 11's spdy dependency printed DEP0111).
    expect(stderr).not.toContain('DEP0111');
    const lines = stderr.split('\n').filter((line) => line.startsWith('  - '));
    expect(lines).toEqual([
      '  - AAD_APP_CLIENT_ID is missing',
      '  - AAD_APP_CLIENT_SECRET is missing',
      expect.stringContaining('AAD_APP_TENANT_ID must be a GUID'),
      expect.stringContaining('GRAPH_BASE_URL must be an https URL'),
      expect.stringContaining('GRAPH_API_VERSION'),
      '  - BOT_ID is missing (only APP_MODE=playground runs without it)',
      '  - AZURE_STORAGE_CONNECTION_STRING is required when STORAGE=blob',
      // npm start reads the environment and .localConfigs, so that is where it sends people.
      "  - BOT_PASSWORD is missing (the bot's client secret: set it in the environment, or in .localConfigs, which `teamsapp deploy --env local` writes)",
    ]);
  });

  it('says a wrong number or a misspelt hour range in one line each, in words', () => {
    const loaded = loadConfig({ PORT: 'abc', SENDING_HOURS: '8-21', TEXT_CAP_PER_DAY: '1.5' });
    const problems = loaded.ok ? [] : loaded.error;
    expect(problems.filter((line) => /^(PORT|SENDING_HOURS|TEXT_CAP_PER_DAY) /.test(line))).toEqual([
      'PORT must be a whole number from 0 to 65535, not "abc"',
      'SENDING_HOURS must be HH:MM-HH:MM, 24-hour (08:00-21:00; 00:00-24:00 for any time)',
      'TEXT_CAP_PER_DAY must be a whole number from 0 to 1000, not "1.5"',
    ]);
  });

  it('says a telemetry destination it cannot use in one line each', () => {
    const loaded = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'https://dc.services',
    });
    const problems = loaded.ok ? [] : loaded.error;
    expect(problems.filter((line) => /^(OTEL|APPLICATIONINSIGHTS)_/.test(line))).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL (an OTLP/HTTP collector, e.g. http://localhost:4318)',
      "APPLICATIONINSIGHTS_CONNECTION_STRING must be Application Insights' connection string (InstrumentationKey=…;IngestionEndpoint=…)",
    ]);
  });

  it('says in one line, naming PORT, when another process holds its port', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const { code, stderr } = await runAppToExit({
        ...STAND_IN_SETTINGS,
        HOST: '127.0.0.1',
        PORT: String(port),
        SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'startup-')), 'app.db'),
      });
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `Appointment SMS cannot start: Port ${port} on 127.0.0.1 is already in use: stop what uses it, or set PORT to a free port.`,
      );
    } finally {
      holder.close();
    }
  });

  it('never runs the anonymous Playground mode against real Graph', async () => {
    const { code, stderr } = await runAppToExit({
      APP_MODE: 'playground',
      AAD_APP_CLIENT_ID: '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
      AAD_APP_CLIENT_SECRET: 'x',
      AAD_APP_TENANT_ID: 'b3cdf1c8-024a-49e2-a994-f67f830b02f3',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('APP_MODE=playground needs GRAPH_BASE_URL on this machine');
  });

  it("with the stand-ins' settings, serves the API", async () => {
    const app = await startAppProcess({
      ...STAND_IN_SETTINGS,
      SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'startup-')), 'app.db'),
    });
    try {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      // Entra here is the real one, which this machine cannot reach: the app is alive, but not ready to check a token.
      const readiness = await fetch(`${app.url}/readyz`);
      expect([readiness.status, await readiness.json()]).toEqual([
        503,
        { status: 'not ready', checks: { configuration: 'ok', storage: 'ok', identity: 'unreachable' } },
      ]);
      const unauthenticated = await fetch(`${app.url}/api/me/onlineMeetings/x/sendVirtualAppointmentSms`, { method: 'POST', body: '{}' });
      expect(unauthenticated.status).toBe(401);
      // The pages the manifest's privacyUrl and termsOfUseUrl name.
      const privacy = await fetch(`${app.url}/privacy`);
      expect([privacy.status, await privacy.text()]).toEqual([200, expect.stringContaining('For how long')]);
      const terms = await fetch(`${app.url}/terms`);
      expect([terms.status, await terms.text()]).toEqual([200, expect.stringContaining('Appointment SMS: terms of use')]);
    } finally {
      await app.stop();
    }
  });

  it("keeps the app's own tenant first and adds allowed guest tenants after it", () => {
    const loaded = loadConfig({
      BOT_ID: '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
      BOT_PASSWORD: 'x',
      AAD_APP_CLIENT_ID: '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
      AAD_APP_CLIENT_SECRET: 'x',
      AAD_APP_TENANT_ID: 'b3cdf1c8-024a-49e2-a994-f67f830b02f3',
      ALLOWED_TENANT_IDS: '72f988bf-86f1-41af-91ab-2d7cd011db47, b3cdf1c8-024a-49e2-a994-f67f830b02f3',
    });
    expect(loaded.ok && loaded.value.entra.allowedTenantIds).toEqual([
      'b3cdf1c8-024a-49e2-a994-f67f830b02f3',
      '72f988bf-86f1-41af-91ab-2d7cd011db47',
    ]);
    expect(loaded.ok && loaded.value.graph).toEqual({
      baseUrl: 'https://graph.microsoft.com',
      apiVersion: 'v1.0',
      attemptTimeoutMs: 15_000,
    });
  });

  it('refuses BOT_TYPE=UserAssignedMSI in one line instead of crashing at the first reply', async () => {
    const { code, stderr } = await runAppToExit({
      BOT_ID: '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
      BOT_TYPE: 'UserAssignedMSI',
      AAD_APP_CLIENT_ID: '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
      AAD_APP_CLIENT_SECRET: 'x',
      AAD_APP_TENANT_ID: 'b3cdf1c8-024a-49e2-a994-f67f830b02f3',
    });
    expect(code).toBe(1);
    expect(stderr.split('\n').filter((line) => line.startsWith('  - '))).toEqual([
      expect.stringMatching(/^ {2}- BOT_TYPE must be SingleTenant or MultiTenant \(UserAssignedMSI is not supported/),
      '  - BOT_PASSWORD is required when BOT_ID is set',
    ]);
    expect(stderr).not.toContain('    at ');
  });
});

describe('the Bot Framework endpoints', () => {
  const bot = {
    id: '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f',
    password: 'x',
    type: 'SingleTenant' as const,
    tenantId: 'b3cdf1c8-024a-49e2-a994-f67f830b02f3',
  };

  it('BOT_OAUTH_URL alone moves only the token service', () => {
    const settings = botFrameworkSettings({ ...bot, oauthUrl: 'https://token.example' });
    expect(settings).toMatchObject({
      OAuthUrl: 'https://token.example',
      ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    });
  });

  it("BOT_OPENID_METADATA_URL alone moves only the channel's signing keys", () => {
    const settings = botFrameworkSettings({ ...bot, openIdMetadataUrl: 'https://keys.example/metadata' });
    expect(settings).toMatchObject({
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: 'https://keys.example/metadata',
    });
  });

  it('without either, botbuilder keeps its public-cloud defaults', () => {
    expect(botFrameworkSettings(bot)).toEqual({
      MicrosoftAppId: bot.id,
      MicrosoftAppPassword: 'x',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: bot.tenantId,
    });
  });
});
