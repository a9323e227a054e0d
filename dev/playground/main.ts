import { messagesFor } from '../../src/domain/messages';
import { ok } from '../../src/domain/result';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { startApp } from '../../src/composition';
import { loadConfig } from '../../src/config';
import { GraphSandbox } from '../graph-sandbox/graphSandbox';
import { tryOutDay } from '../graph-sandbox/tryOutDay';
import { AttendeeBook } from '../../src/app/attendeeBook';
import { APP_PERMISSIONS } from '../../src/auth/onBehalfOfExchanger';
import { openStores } from '../../src/store/openStores';
import defaultSeed from '../graph-sandbox/seed.json';
import { ensureDevCertificate } from '../tls/devCertificate';
import { playgroundIdentity } from './playgroundIdentity';
import { unsignedSandboxToken } from '../graph-sandbox/accessToken';

/**
 * `npm run playground`: try the bot with no tenant. The app runs anonymously in Playground mode
 * against the Graph sandbox (texts go nowhere but /_sandbox/sms), and Microsoft 365 Agents
 * Playground gives it a Teams-like chat in the browser.
 */
const ROOT = join(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const { cert, key, certPath } = await ensureDevCertificate();
  const playgroundPort = process.env.PLAYGROUND_PORT ?? '56150';
  // The Playground's own failure to listen is a stack trace of its bundle: check its port first.
  await portIsFree(Number(playgroundPort), 'PLAYGROUND_PORT');
  const graph = new GraphSandbox({
    tls: { cert, key },
    port: Number(process.env.GRAPH_SANDBOX_PORT ?? 3980),
    portSetting: 'GRAPH_SANDBOX_PORT',
  });
  await graph.start();
  const meeting = defaultSeed.meetings[0];
  // Today's and tomorrow's appointments in the machine's zone (the one the Playground puts on each activity).
  const day = tryOutDay(meeting.organizerId, Intl.DateTimeFormat().resolvedOptions().timeZone, new Date());
  graph.addAppointments(day.meetings, day.events);
  // The try-out's history and saved numbers; `--fresh` starts with none.
  const dataPath = resolve(process.env.SQLITE_PATH ?? join(ROOT, 'data', 'playground.db'));
  if (process.argv.includes('--fresh')) for (const file of [dataPath, `${dataPath}-wal`, `${dataPath}-shm`]) rmSync(file, { force: true });
  const loaded = loadConfig({
    // The local try-outs stay on this machine unless HOST says otherwise.
    HOST: '127.0.0.1',
    // The sandbox texts nobody: a try-out at night is not held for the sending hours (set SENDING_HOURS to see that).
    SENDING_HOURS: '00:00-24:00',
    // A try-out's nudge when nobody joins comes after half a minute, not five (npm run playground:meeting-started).
    NUDGE_AFTER_MINUTES: '0.5',
    ...process.env,
    APP_MODE: 'playground',
    BOT_ID: '',
    PORT: process.env.PORT ?? '3978',
    // The Playground has no Entra; these only satisfy the configuration and are never used.
    AAD_APP_CLIENT_ID: '00000000-0000-4000-8000-000000000000',
    AAD_APP_CLIENT_SECRET: 'playground-has-no-secret',
    AAD_APP_TENANT_ID: 'b3cdf1c8-024a-49e2-a994-f67f830b02f3',
    GRAPH_BASE_URL: graph.url,
    SQLITE_PATH: dataPath,
  });
  if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  const botIdentity = playgroundIdentity({
    onlineMeetingId: meeting.id,
    title: meeting.subject,
    organizerId: meeting.organizerId,
    tenantId: loaded.value.entra.tenantId,
  });
  // Held texts and reminders go with the app's own permission; the sandbox takes an unsigned token for it.
  const appGraphToken = async () => ok(unsignedSandboxToken({ oid: 'playground-app', roles: APP_PERMISSIONS }));
  const app = await startApp(loaded.value, pino({ level: process.env.LOG_LEVEL ?? 'warn' }), { botIdentity, appGraphToken });
  await saveTryOutNumbers(dataPath, day.numbers);
  const cli = join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const playground = spawn(process.execPath, [cli, '-e', `${app.url}/api/messages`, '-c', 'msteams', '--dt', '-p', playgroundPort], {
    stdio: ['ignore', 'inherit', 'inherit'],
    // The sample users (you chat as the sandbox's organizer) live in the repo root, whatever the cwd.
    env: { M365_AGENTS_PLAYGROUND_CONFIG_PATH: join(ROOT, '.m365agentsplayground.yml'), ...process.env, BROWSER: 'none' },
  });
  console.log(`
Appointment SMS in Agents Playground: http://127.0.0.1:${playgroundPort}
  You are Dana Whitfield, the organizer of "${meeting.subject}".
  Personal Chat: type help, sms, numbers add (312) 922-4122, history.
  The appointment's chat ("${meeting.subject}" in the chat list): Teams sends the bot only
    messages that @mention it there, so type @Appointment SMS sms.
  Text attendees (the message extension): the compose box's +, Action Command, Command ID textAttendees, Create.
  The nudge when nobody joins: save a number, then npm run playground:meeting-started; the question comes to the appointment's chat.
  A whole day: type close day in Personal Chat (today's appointments, made up by the Graph sandbox,
    most with a saved number); standing reminders: scheduled in the appointment's chat.
  Texts go to the Graph sandbox only: curl --cacert ${certPath} ${graph.url}/_sandbox/sms
  History and saved numbers live in ${dataPath}; npm run playground -- --fresh starts without them.
`);
  console.log(JSON.stringify({ playground: `http://127.0.0.1:${playgroundPort}`, app: app.url, graph: graph.url }));
  const stop = () => {
    playground.kill();
    void Promise.all([app.close(), graph.stop()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  playground.on('exit', (code) => {
    if (!code) return;
    // Its reason (for example an invalid .m365agentsplayground.yml) is in devTools/m365agentsplayground.log.
    console.error(`Agents Playground exited (${code}); see devTools/m365agentsplayground.log`);
    void Promise.all([app.close(), graph.stop()]).then(() => process.exit(code));
  });
}

/** Resolves when nothing listens on 127.0.0.1:`port`; otherwise says, in one line, which setting moves it. */
async function portIsFree(port: number, setting: string): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', () =>
      reject(new Error(`Port ${port} on 127.0.0.1 is already in use: stop what uses it, or set ${setting} to a free port.`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/** The try-out appointments' made-up numbers, saved once (a number the organizer removed stays removed until --fresh). */
async function saveTryOutNumbers(dataPath: string, numbers: ReadonlyArray<{ meetingId: string; phoneNumber: string }>): Promise<void> {
  const stores = await openStores({ kind: 'sqlite', path: dataPath });
  const book = new AttendeeBook(stores.state);
  for (const { meetingId, phoneNumber } of numbers) {
    if ((await book.list(meetingId)).length === 0) await book.add(meetingId, [{ phoneNumber }], messagesFor('en-US'));
  }
  await stores.close();
}
