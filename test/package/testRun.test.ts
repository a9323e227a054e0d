import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('npm test on a machine without Chromium', () => {
  it('stops once, before any test, with the one line that fixes it', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), 'src/domain/phoneNumbers.spec.ts'], {
      cwd: ROOT,
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
      encoding: 'utf8',
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status).not.toBe(0);
    // That line alone: no jest wrapper, no stack.
    expect(output.trim()).toBe('No Chromium at /nonexistent/chromium: run "apt-get install chromium" (.ci/run does) or set CHROMIUM_PATH.');
  }, 60_000);
});
