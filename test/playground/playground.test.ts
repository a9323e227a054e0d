import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { freePort } from '../support/freePort';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test', 'artifacts');

let child: ChildProcessWithoutNullStreams;
let urls: { playground: string; app: string; graph: string };
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  child = spawn(process.execPath, [join(ROOT, 'dist', 'dev', 'playground', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
      PORT: '0',
      GRAPH_SANDBOX_PORT: '0',
      PLAYGROUND_PORT: String(await freePort()),
      SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'playground-')), 'app.db'),
    },
    detached: true,
  });
  let output = '';
  urls = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^\{"playground".*\}$/m.exec(output)?.[0];
      if (line && output.includes('Listening on')) resolve(JSON.parse(line) as typeof urls);
    });
    child.on('exit', (code) => reject(new Error(`npm run playground exited (${code}): ${output}`)));
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1200, height: 1100 } });
  await page.goto(urls.playground, { waitUntil: 'networkidle' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (child?.pid) process.kill(-child.pid, 'SIGTERM');
});

async function say(text: string): Promise<void> {
  const box = page.locator('[contenteditable="true"], textarea').first();
  await box.click();
  await box.type(text);
  await page.keyboard.press('Enter');
}

describe('trying the bot in Agents Playground, with no tenant', () => {
  it('answers "help" with the command list', async () => {
    await say('help');
    await page.getByText('numbers add (numbers…)').waitFor();
  });

  it('fills the card from "sms cancel …", sends on Send, and the Graph sandbox records the text', async () => {
    await say('sms cancel 312-922-4122');
    const extra = page.getByLabel('More numbers (one per line, or separated by commas)').last();
    await extra.waitFor();
    expect(await extra.inputValue()).toBe('312-922-4122');
    // The Playground has no user-specific views: the form must not ask for one (it would show a warning).
    expect(await page.getByText(/user specific view is not supported/i).count()).toBe(0);
    await page.getByRole('button', { name: 'Send', exact: true }).last().click();
    await page.getByText('Texts sent').last().waitFor();
    // The sample users in .m365agentsplayground.yml: you chat as the sandbox's organizer.
    await page.getByText('Dana Whitfield').last().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-receipt.png') });

    const record = (await (await fetch(`${urls.graph}/_sandbox/sms`)).json()) as { value: Array<{ body: unknown }> };
    expect(record.value.map((sms) => sms.body)).toEqual([
      { attendees: [{ phoneNumber: '+13129224122', timeZone: 'Eastern Standard Time' }], messageType: 'cancellation' },
    ]);
  });
});
