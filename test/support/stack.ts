import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { EntraStandIn } from '../../dev/entra-standin/entraStandIn';
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { ensureDevCertificate } from '../../dev/tls/devCertificate';
import { startApp, type RunningApp } from '../../src/composition';
import { loadConfig, type AppConfig } from '../../src/config';
import { TeamsConnectorStandIn } from '../../dev/teams-connector/teamsConnector';
import { seed, startGraphSandbox } from './graphSandbox';

export const TENANT_ID = 'b3cdf1c8-024a-49e2-a994-f67f830b02f3';
export const CLIENT_ID = '4d4b5a1e-8f3c-4b2a-9e6d-1c2b3a4d5e6f';
const CLIENT_SECRET = ['test', 'only', 'secret'].join('-');

/** The app on a free port, with every remote party it talks to standing in on 127.0.0.1. */
export interface Stack {
  app: RunningApp;
  graph: GraphSandbox;
  entra: EntraStandIn;
  teams: TeamsConnectorStandIn;
  config: AppConfig;
  /** Everything the app logged, as written. */
  logs: () => string;
  stop(): Promise<void>;
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const graph = await startGraphSandbox();
  const { cert, key } = await ensureDevCertificate();
  const entra = new EntraStandIn({ tls: { cert, key }, tenantId: TENANT_ID, clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }] });
  await entra.start();
  const teams = new TeamsConnectorStandIn(seed, TENANT_ID);
  await teams.start();
  const loaded = loadConfig({
    BOT_ID: CLIENT_ID,
    BOT_PASSWORD: CLIENT_SECRET,
    BOT_TYPE: 'SingleTenant',
    BOT_TENANT_ID: TENANT_ID,
    BOT_OPENID_METADATA_URL: teams.openIdMetadataUrl,
    BOT_OAUTH_URL: teams.url,
    PORT: '0',
    HOST: '127.0.0.1',
    AAD_APP_CLIENT_ID: CLIENT_ID,
    AAD_APP_CLIENT_SECRET: CLIENT_SECRET,
    AAD_APP_TENANT_ID: TENANT_ID,
    AAD_APP_OAUTH_AUTHORITY_HOST: entra.url,
    GRAPH_BASE_URL: graph.url,
    LOG_LEVEL: 'info',
    SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'appointment-sms-')), 'test.db'),
    ...env,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  let written = '';
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((written += chunk.toString()), done()) });
  const app = await startApp(loaded.config, pino({ level: 'info' }, sink));
  return {
    app,
    graph,
    entra,
    teams,
    config: loaded.config,
    logs: () => written,
    stop: async () => {
      await app.close();
      await graph.stop();
      await entra.stop();
      await teams.stop();
    },
  };
}

/**
 * One stack for a test file: started before its tests, stopped after, the Graph record cleared
 * before each test. Returns a getter because the stack exists only once `beforeAll` has run.
 */
export function useStack(env: Record<string, string> = {}): () => Stack {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack(env);
  });
  afterAll(() => stack?.stop());
  beforeEach(() => stack?.graph.reset());
  return () => {
    if (!stack) throw new Error('the stack is not started yet');
    return stack;
  };
}
