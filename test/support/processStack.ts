import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntraStandIn } from '../../dev/entra-standin/entraStandIn';
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { TeamsConnectorStandIn } from '../../dev/teams-connector/teamsConnector';
import { ensureDevCertificate } from '../../dev/tls/devCertificate';
import { startAppProcess, type AppProcess } from './appProcess';
import { seed, startGraphSandbox } from './graphSandbox';
import { CLIENT_ID, TENANT_ID } from './stack';

/** The stand-ins on 127.0.0.1 and the settings that point an app process at them. */
export interface StandIns {
  graph: GraphSandbox;
  entra: EntraStandIn;
  teams: TeamsConnectorStandIn;
  env: Record<string, string>;
  stop(): Promise<void>;
}

const SECRET = ['process', 'test', 'secret'].join('-');

export async function startStandIns(env: Record<string, string> = {}): Promise<StandIns> {
  const graph = await startGraphSandbox();
  const { cert, key } = await ensureDevCertificate();
  const entra = new EntraStandIn({ tls: { cert, key }, tenantId: TENANT_ID, clients: [{ clientId: CLIENT_ID, clientSecret: SECRET }] });
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
