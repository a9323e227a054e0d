import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCommandAt } from '../../dev/package/startCommand';
import { ANY_TIME_NO_CAPS_ENV } from './sendPolicy';

/** The project: two folders up from the sources (as jest runs them), three from dist/ (as the bench does). */
const ROOT = [join(__dirname, '..', '..'), join(__dirname, '..', '..', '..')].find((dir) => existsSync(join(dir, 'package.json'))) ?? '.';
const start = startCommandAt(ROOT);
/** `npm start`'s command, as package.json says it (node, its flags, the entry point). */
export const START_COMMAND = start.command;

export interface AppProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything it wrote (stdout and stderr), so far. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The app as `npm start` runs it (without the build), with only the given environment. */
function spawnApp(env: Record<string, string | undefined>, cwd?: string): ChildProcessWithoutNullStreams {
  const args = start.args.map((arg) => (arg.startsWith('dist/') ? join(ROOT, arg) : arg));
  return spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS, ...ANY_TIME_NO_CAPS_ENV, ...env },
  });
}

/** Starts the app as its own process and resolves once it listens. */
export async function startAppProcess(env: Record<string, string | undefined>, cwd?: string): Promise<AppProcess> {
  const child = spawnApp({ PORT: '0', ...env }, cwd);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /"url":"([^"]+)"/.exec(output);
      if (listening?.[1]) resolve(listening[1]);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', () => reject(new Error(`the app exited before listening:\n${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
  };
}

/** Runs the app to its exit (for settings it must refuse); resolves with the exit code and stderr. */
export async function runAppToExit(env: Record<string, string | undefined>): Promise<{ code: number | null; stderr: string }> {
  const child = spawnApp(env);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stderr };
}
