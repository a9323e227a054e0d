import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StartCommand {
  /** As package.json's start script says it: node, its flags, the entry point. */
  command: string;
  /** Everything after `node`. */
  args: string[];
  /** The Node and V8 flags alone. */
  nodeFlags: string[];
}

/** `npm start`'s command in the project at `root`: the tests, the benchmark and App Service's command line run exactly this. */
export function startCommandAt(root: string): StartCommand {
  const command = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [, ...args] = command.split(/\s+/);
  return { command, args, nodeFlags: args.filter((arg) => arg.startsWith('--')) };
}
