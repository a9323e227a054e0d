import { CATALOG } from '../../src/domain/messages';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AttendeeBook } from '../../src/app/attendeeBook';
import { openSqlite } from '../../src/store/sqlite/openSqlite';
import { SqliteStorage } from '../../src/store/sqlite/sqliteStorage';
import { launchChromium, pictureOf } from '../support/browser';
import { danasMeeting } from '../support/graphSandbox';
import { freePort } from '../../dev/freePort';
import { ANY_TIME_NO_CAPS_ENV } from '../support/sendPolicy';
import { tellAppointmentStarted } from '../../dev/playground/meetingStarted';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test', 'artifacts');

let child: ChildProcessWithoutNullStreams;
let urls: { playground: string; app: string; graph: string };
let browser: Browser;
let page: Page;

let console_: string;

/** A try-out from an earlier day: one saved number, which `--fresh` must forget. */
async function earlierTryOut(dataPath: string): Promise<void> {
  const db = openSqlite(dataPath);
  await new AttendeeBook(new SqliteStorage(db)).add(danasMeeting.id, [{ phoneNumber: '+16465550100' }], CATALOG['en-US']);
  db.close();
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataPath = join(mkdtempSync(join(tmpdir(), 'playground-')), 'app.db');
  await earlierTryOut(dataPath);
  child = spawn(process.execPath, [join(ROOT, 'dist', 'dev', 'playground', 'main.js'), '--fresh'], {
    env: {
      PATH: process.env.PATH,
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
      ...ANY_TIME_NO_CAPS_ENV,
      PORT: '0',
      GRAPH_SANDBOX_PORT: '0',
      PLAYGROUND_PORT: String(await freePort()),
      // The nudge when nobody joins: asked at the next look for due texts.
      NUDGE_AFTER_MINUTES: '0',
      SCHEDULE_POLL_SECONDS: '0.3',
      SQLITE_PATH: dataPath,
      // A Chicago organizer: the Playground puts its machine's zone on each activity, as Teams puts the user's.
      TZ: 'America/Chicago',
    },
    detached: true,
  });
  let output = '';
  urls = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^\{"playground".*\}$/m.exec(output)?.[0];
      if (line && output.includes('Listening on')) {
        console_ = output;
        resolve(JSON.parse(line) as typeof urls);
      }
    });
    child.on('exit', (code) => reject(new Error(`npm run playground exited (${code}): ${output}`)));
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
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
  it('greets you when it starts, then answers "help" with the command list', async () => {
    await page.getByText("Hi! I text this appointment's external attendees").first().waitFor();
    const lists = page.getByText('numbers add (numbers…)');
    const before = await lists.count();
    await say('help');
    await lists.nth(before).waitFor();
  });

  it('fills the card from "sms cancel …", confirms who is texted, sends, and the Graph sandbox records the text', async () => {
    await say('sms cancel 312-922-4122');
    const extra = page.getByLabel('More numbers (one per line, or separated by commas)').last();
    await extra.waitFor();
    expect(await extra.inputValue()).toBe('312-922-4122');
    // The Playground has no user-specific views: the form must not ask for one (it would show a warning).
    expect(await page.getByText(/user specific view is not supported/i).count()).toBe(0);
    // Review first: the confirmation says who and how many, and its button sends to exactly them.
    await page.getByRole('button', { name: 'Review and send' }).last().click();
    await page.getByText('Send a cancellation to 1 person?').last().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-confirm.png') });
    await page.getByRole('button', { name: 'Send to 1 person' }).last().click();
    await page.getByText('Accepted by Microsoft for sending').last().waitFor();
    // The sample users in .m365agentsplayground.yml: you chat as the sandbox's organizer.
    await page.getByText('Dana Whitfield').last().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-receipt.png') });

    const record = (await (await fetch(`${urls.graph}/_sandbox/sms`)).json()) as { value: Array<{ body: unknown }> };
    expect(record.value.map((sms) => sms.body)).toEqual([
      { attendees: [{ phoneNumber: '+13129224122', timeZone: 'Central Standard Time' }], messageType: 'cancellation' },
    ]);
  });

  it('starts with no saved numbers after --fresh, and says where the data lives', async () => {
    expect(console_).toMatch(/History and saved numbers live in .*app\.db; npm run playground -- --fresh starts without them/);
    await say('numbers');
    await page.getByText('No numbers saved.').last().waitFor();
    expect(await page.getByText('+1646•••0100').count()).toBe(0);
  });

  it("shows a whole day on close day: the sandbox's appointments for today, what each would get", async () => {
    expect(console_).toContain('A whole day: type close day');
    await say('close day');
    await page.getByRole('button', { name: "Show the day's appointments" }).last().click();
    // Three Teams appointments today, two with a saved number; the all-day event and the lunch are not texted.
    const preview = page.getByText(/^Close \d{4}-\d{2}-\d{2}: 2 appointments to text$/).last();
    await preview.waitFor();
    await page.getByText('Not a Teams meeting: nobody to text.').last().waitFor();
    await pictureOf(page, preview, join(ARTIFACTS, 'playground-day.png'));
  });

  it("greets the appointment's chat, saying to @mention the bot there (the console says so too)", async () => {
    expect(console_).toContain('type @Appointment SMS sms');
    // At desktop width the chat list stands beside the conversation: no menu to open.
    await page.getByText('Annual check-up (virtual').click();
    const greeting = page.getByText(/@mention Appointment SMS before the command/).first();
    await greeting.waitFor();
    await pictureOf(page, greeting, join(ARTIFACTS, 'playground-group-chat.png'));
  });

  it('asks the organizer in the appointment chat when nobody joined, after the documented script says it started; one click texts the reminder', async () => {
    expect(console_).toContain('npm run playground:meeting-started');
    await page.getByText('Personal Chat').first().click();
    await say('numbers add (312) 555-0177');
    await page.getByText('+1312•••0177').last().waitFor();
    expect(await tellAppointmentStarted(urls.app, urls.playground)).toBe(200);
    await page.getByText('Annual check-up (virtual').first().click();
    const question = page.getByText('Nobody has joined yet').last();
    await question.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-nudge.png') });
    await page.getByRole('button', { name: 'Text the attendees a reminder' }).last().click();
    await page.getByText('Accepted by Microsoft for sending').last().waitFor();
    const record = (await (await fetch(`${urls.graph}/_sandbox/sms`)).json()) as { value: Array<{ body: Record<string, unknown> }> };
    expect(record.value.at(-1)?.body).toMatchObject({
      remindBeforeTimeInMinutesType: 'mins15',
      attendees: [{ phoneNumber: '+13125550177' }],
    });
  });

  it('opens the Text attendees dialog by the path the console gives (+, Action Command, textAttendees)', async () => {
    expect(console_).toContain("the compose box's +, Action Command, Command ID textAttendees, Create");
    await page.getByRole('button', { name: 'Trigger Message Extension App' }).click();
    await page.getByText('Action Command').click();
    await page.getByPlaceholder('Input command id or leave blanks').fill('textAttendees');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Text the attendees', { exact: true }).last().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-dialog.png') });
  });
});
