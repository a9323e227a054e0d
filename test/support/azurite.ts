import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from './freePort';

export interface Azurite {
  connectionString: string;
  stop(): Promise<void>;
}


/** A real Azurite blob service for one test file: its own port and a key made up for this run. */
export async function startAzurite(): Promise<Azurite> {
  const port = await freePort();
  const account = 'appsms';
  const key = randomBytes(32).toString('base64');
  const bin = join(__dirname, '..', '..', 'node_modules', '.bin', 'azurite-blob');
  const child: ChildProcess = spawn(bin, ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry'], {
    env: { ...process.env, AZURITE_ACCOUNTS: `${account}:${key}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('successfully listens')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`azurite exited (${code}): ${output}`)));
  });
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};BlobEndpoint=http://127.0.0.1:${port}/${account};`,
    stop: async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
