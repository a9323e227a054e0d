import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startApp } from './composition';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { PortInUse } from './http/server';

/**
 * `teamsapp deploy --env local` writes the app's settings to `.localConfigs`: read it when it is
 * there (Node's own .env reader), with the environment winning over the file.
 */
function readLocalConfigs(): string | undefined {
  const file = join(process.cwd(), '.localConfigs');
  if (!existsSync(file)) return undefined;
  process.loadEnvFile(file);
  return file;
}

async function main(): Promise<void> {
  const localConfigs = readLocalConfigs();
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error(`Appointment SMS cannot start; fix these settings (environment variables${localConfigs ? ` or ${localConfigs}` : ''}):`);
    for (const problem of loaded.error) console.error(`  - ${problem}`);
    process.exit(1);
  }
  const logger = createLogger(loaded.value.logLevel);
  const app = await startApp(loaded.value, logger).catch((error: unknown) => {
    // A known mistake is one line; anything else keeps its stack for whoever debugs it.
    if (!(error instanceof PortInUse)) throw error;
    console.error(`Appointment SMS cannot start: ${error.message}`);
    process.exit(1);
  });
  logger.info(
    { url: app.url, graph: loaded.value.graph.baseUrl, ...(localConfigs ? { settingsFile: localConfigs } : {}) },
    'Appointment SMS is listening',
  );
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
