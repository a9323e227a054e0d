/**
 * Scheduled texts survive their instance: the app is killed while a reminder is due or while
 * Graph holds it, and a restarted or second instance sends it exactly once. On SQLite (two
 * processes on one database file) and on Azure Blob (Azurite, two instances).
 */
import { startAppProcess, type AppProcess } from '../support/appProcess';
import { danasAppointment } from '../support/appointments';
import { startAzurite, type Azurite } from '../support/azurite';
import { dana } from '../support/graphSandbox';
import { startStandIns, type StandIns } from '../support/processStack';

const POLL = { SCHEDULE_POLL_SECONDS: '0.3' };

describe.each(['sqlite', 'blob'] as const)('scheduled texts when an instance dies (%s)', (storage) => {
  let standIns: StandIns;
  let azurite: Azurite | undefined;
  let env: Record<string, string>;
  const running: AppProcess[] = [];

  beforeAll(async () => {
    azurite = storage === 'blob' ? await startAzurite() : undefined;
    standIns = await startStandIns(azurite ? { STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString } : {});
    env = { ...standIns.env, ...POLL };
  }, 60_000);
  afterAll(async () => {
    await Promise.all(running.map((app) => app.stop()));
    await standIns.stop();
    await azurite?.stop();
  });
  beforeEach(() => standIns.graph.reset());

  const start = async () => {
    const app = await startAppProcess(env);
    running.push(app);
    return app;
  };
  /** A reminder turned on through `app` for an appointment whose reminder is due in `seconds`. */
  const reminderDueIn = async (app: AppProcess, name: string, seconds: number) => {
    const appointment = danasAppointment(`${name}-${storage}`, new Date(Date.now() + 15 * 60_000 + seconds * 1000));
    standIns.graph.addAppointments([appointment], []);
    const token = await standIns.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
    const meeting = `${app.url}/api/me/onlineMeetings/${encodeURIComponent(appointment.id)}`;
    const post = (path: string, body: object) =>
      fetch(`${meeting}/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('attendees', { attendees: [{ phoneNumber: '+13125550130' }] })).status).toBe(200);
    expect((await post('scheduledReminder', { timeZone: 'America/Chicago' })).status).toBe(201);
    return appointment;
  };
  const sentTo = (meetingId: string) => standIns.graph.sent.filter((sms) => sms.onlineMeetingId === meetingId);
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 100));
  };

  it('with two instances, one killed before the reminder is due: the other sends it once', async () => {
    const [first, second] = [await start(), await start()];
    const appointment = await reminderDueIn(first, 'two-instances', 3);
    await first.stop('SIGKILL');
    await until(() => sentTo(appointment.id).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sentTo(appointment.id)).toHaveLength(1);
    await second.stop();
  }, 60_000);

  it('killed while Graph holds the reminder, then restarted: it is not sent again, and says the outcome is unknown', async () => {
    const app = await start();
    const appointment = await reminderDueIn(app, 'cut-off', 2);
    standIns.graph.injectFault({ type: 'delay', ms: 3_000, match: encodeURIComponent(appointment.id) });
    await until(() =>
      standIns.graph.arrivals.some((path) => path.includes(encodeURIComponent(appointment.id)) && path.endsWith('ReminderSms')),
    );
    await app.stop('SIGKILL');
    const restarted = await start();
    // Graph finishes the held request on its own; the restarted instance must not send another.
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(sentTo(appointment.id)).toHaveLength(1);
    const token = await standIns.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
    const listed = (await (
      await fetch(`${restarted.url}/api/me/scheduledSends?onlineMeetingId=${encodeURIComponent(appointment.id)}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { value: Array<{ state: string; outcome?: { status: string } }> };
    expect(listed.value[0]).toMatchObject({ state: 'done', outcome: { status: 'uncertain' } });
    await restarted.stop();
  }, 60_000);

  it('stopped while the reminder came due, then started again: sent once, late', async () => {
    const app = await start();
    const appointment = await reminderDueIn(app, 'while-down', 1);
    await app.stop('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(sentTo(appointment.id)).toHaveLength(0);
    const restarted = await start();
    await until(() => sentTo(appointment.id).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sentTo(appointment.id)).toHaveLength(1);
    await restarted.stop();
  }, 60_000);
});
