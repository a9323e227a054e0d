import { Writable } from 'node:stream';
import pino from 'pino';
import type { EntraStandIn } from '../../dev/entra-standin/entraStandIn';
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import type { TeamsConnectorStandIn } from '../../dev/teams-connector/teamsConnector';
import { startApp, type RunningApp } from '../../src/composition';
import { loadConfig, type AppConfig } from '../../src/config';
import { startStandIns } from './processStack';

export { CLIENT_ID, TENANT_ID } from './processStack';

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
  const standIns = await startStandIns();
  const { graph, entra, teams } = standIns;
  const loaded = loadConfig({ ...standIns.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env });
  if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  let written = '';
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      written += chunk.toString();
      done();
    },
  });
  const app = await startApp(loaded.value, pino({ level: 'info' }, sink));
  return {
    app,
    graph,
    entra,
    teams,
    config: loaded.value,
    logs: () => written,
    stop: async () => {
      await app.close();
      await standIns.stop();
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
