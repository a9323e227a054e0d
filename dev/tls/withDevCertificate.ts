import { spawn } from 'node:child_process';
import { ensureDevCertificate } from './devCertificate';

/**
 * Runs a command with the dev certificate trusted. NODE_EXTRA_CA_CERTS is read only when a
 * Node process starts, so the certificate has to exist before the command is spawned.
 * Usage: node dist/dev/tls/withDevCertificate.js <command> [args…]
 */
async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (!command) throw new Error('usage: withDevCertificate <command> [args…]');
  const { certPath } = await ensureDevCertificate();
  const child = spawn(command, args, {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
