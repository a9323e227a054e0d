import { APP_PERMISSIONS } from '../../src/auth/onBehalfOfExchanger';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntraStandIn } from '../../dev/entra-standin/entraStandIn';
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { TeamsConnectorStandIn } from '../../dev/teams-connector/teamsConnector';
import { ensureDevCertificate } from '../../dev/tls/devCertificate';
import { startAppProcess, type AppProcess } from './appProcess';
import { seed, startGraphSandbox } from './graphSandbox';
import { ANY_TIME_NO_CAPS_ENV } from './sendPolicy';

/** The stand-ins on 127.0.0.1 and the settings that point an app (in-process or its own process) at them. */
export interface StandIns {
  graph: GraphSandbox;
  entra: EntraStandIn;
  teams: TeamsConnectorStandIn;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export const TENANT_ID = 'b3cdf1c8-024a-49e2-a994-f67f830b02f3';
export const CLIENT_ID = '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f';
const SECRET = ['test', 'only', 'secret'].join('-');

export async function startStandIns(env: Record<string, string> = {}): Promise<StandIns> {
  const graph = await startGraphSandbox();
  const { cert, key } = await ensureDevCertificate();
  // The tenant's admin consented to the app's own permissions (texts that go later, standing reminders).
  const entra = new EntraStandIn({
    tls: { cert, key },
    tenantId: TENANT_ID,
    clients: [{ clientId: CLIENT_ID, clientSecret: SECRET, graphAppRoles: APP_PERMISSIONS }],
  });
  await entra.start();
  const teams = new TeamsConnectorStandIn(seed, TENANT_ID);
  await teams.start();
  return {
    graph,
    entra,
    teams,
    env: {
      BOT_ID: CLIENT_ID,
      BOT_PASSWORD: SECRET,
      BOT_TYPE: 'SingleTenant',
      BOT_TENANT_ID: TENANT_ID,
      BOT_OPENID_METADATA_URL: teams.openIdMetadataUrl,
      BOT_OAUTH_URL: teams.url,
      AAD_APP_CLIENT_ID: CLIENT_ID,
      AAD_APP_CLIENT_SECRET: SECRET,
      AAD_APP_TENANT_ID: TENANT_ID,
      AAD_APP_OAUTH_AUTHORITY_HOST: entra.url,
      GRAPH_BASE_URL: graph.url,
      SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'appointment-sms-process-')), 'app.db'),
      ...ANY_TIME_NO_CAPS_ENV,
      ...env,
    },
    stop: async () => {
      await graph.stop();
      await entra.stop();
      await teams.stop();
    },
  };
}

/** The app as its own process (as `npm start` runs it), so a crash shows as an exit, with the stand-ins around it. */
export interface ProcessStack extends StandIns {
  app: AppProcess;
  /** Whether the process has exited (it never should). */
  exited(): boolean;
}

export async function startProcessStack(env: Record<string, string> = {}): Promise<ProcessStack> {
  const standIns = await startStandIns(env);
  const app = await startAppProcess(standIns.env);
  return {
    ...standIns,
    app,
    exited: () => app.child.exitCode !== null || app.child.signalCode !== null,
    stop: async () => {
      await app.stop();
      await standIns.stop();
    },
  };
}
