import { startApp } from './composition';
import { loadConfig } from './config';
import { createLogger } from './logger';

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error('Appointment SMS cannot start; fix these settings (environment variables):');
    for (const problem of loaded.problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  const logger = createLogger(loaded.config.logLevel);
  const app = await startApp(loaded.config, logger);
  logger.info({ url: app.url, graph: loaded.config.graph.baseUrl }, 'Appointment SMS is listening');
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
