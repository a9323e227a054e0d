import { readFileSync } from 'node:fs';
import { ensureDevCertificate } from '../tls/devCertificate';
import { GraphSandbox } from './graphSandbox';
import type { SandboxSeed } from './sandboxTypes';

/** `npm run graph-sandbox`: the Graph stand-in on its own, for trying the app or poking with curl. */
async function main(): Promise<void> {
  const port = Number(process.env.GRAPH_SANDBOX_PORT ?? 3980);
  const seedFile = process.env.GRAPH_SANDBOX_SEED;
  const seed = seedFile ? (JSON.parse(readFileSync(seedFile, 'utf8')) as SandboxSeed) : undefined;
  const { cert, key, certPath } = await ensureDevCertificate();
  const sandbox = new GraphSandbox({ tls: { cert, key }, seed, port });
  const url = await sandbox.start();
  console.log(`Graph sandbox on ${url} (GRAPH_BASE_URL=${url})`);
  console.log(`  texts it accepted:  curl --cacert ${certPath} ${url}/_sandbox/sms`);
  console.log(`  meetings and users: curl --cacert ${certPath} ${url}/_sandbox/seed`);
  const stop = () => void sandbox.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
