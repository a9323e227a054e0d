import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../freePort';

export interface Azurite {
  connectionString: string;
  stop(): Promise<void>;
  /** Starts it again on the same port with the same account; with `onDisk`, with the same data. */
  restart(): Promise<void>;
}

/**
 * A real Azurite blob service for one test file: its own port and a key made up for this run.
 * `onDisk` keeps the blobs in a temporary folder, so a restart finds them again.
 */
export async function startAzurite(options: { onDisk?: boolean } = {}): Promise<Azurite> {
  const port = await freePort();
  const account = 'appsms';
  const key = randomBytes(32).toString('base64');
  const persistence = options.onDisk ? ['--location', mkdtempSync(join(tmpdir(), 'azurite-'))] : ['--inMemoryPersistence'];
  let child = await spawnAzurite(port, persistence, `${account}:${key}`);
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};BlobEndpoint=http://127.0.0.1:${port}/${account};`,
    stop: async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    },
    restart: async () => {
      child = await spawnAzurite(port, persistence, `${account}:${key}`);
    },
  };
}

async function spawnAzurite(port: number, persistence: string[], accounts: string): Promise<ChildProcess> {
  // Its blob service's own entry point, found from here or from dist/ alike.
  const main = join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [main, '--blobHost', '127.0.0.1', '--blobPort', String(port), ...persistence, '--skipApiVersionCheck', '--disableTelemetry'],
    {
      env: { ...process.env, AZURITE_ACCOUNTS: accounts },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('successfully listens')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`azurite exited (${code}): ${output}`)));
  });
  return child;
}
