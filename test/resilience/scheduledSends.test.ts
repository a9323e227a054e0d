/**
 * Scheduled texts survive their instance: the app is killed while a reminder is due or while
 * Graph holds it, and a restarted or second instance sends it exactly once. On SQLite (two
 * processes on one database file) and on Azure Blob (Azurite, two instances).
 */
import { startAppProcess, type AppProcess } from '../support/appProcess';
import { danasAppointment } from '../support/appointments';
import { startAzurite, type Azurite } from '../../dev/storage/azurite';
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

  /** An instance; `polling: false` looks for due texts only as it starts, so it can never be the one that sends. */
  const start = async (polling = true) => {
    const app = await startAppProcess({ ...env, ...(polling ? {} : { SCHEDULE_POLL_SECONDS: '300' }) });
    running.push(app);
    return app;
  };
  const tokenOfDana = () => standIns.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
  /** Dana's calls to `app`'s REST API (`path` under /api/me/). */
  const danaCalls = async (app: AppProcess) => {
    const token = await tokenOfDana();
    return (method: string, path: string, body: object) =>
      fetch(`${app.url}/api/me/${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
  };
  /** A reminder turned on through `app` for an appointment whose reminder is due in `seconds`; when it is due. */
  const reminderDueIn = async (app: AppProcess, name: string, seconds: number) => {
    const appointment = danasAppointment(`${name}-${storage}`, new Date(Date.now() + 15 * 60_000 + seconds * 1000));
    standIns.graph.addAppointments([appointment], []);
    const call = await danaCalls(app);
    const post = (path: string, body: object) => call('POST', `onlineMeetings/${encodeURIComponent(appointment.id)}/${path}`, body);
    expect((await post('attendees', { attendees: [{ phoneNumber: '+13125550130' }] })).status).toBe(200);
    const turnedOn = await post('scheduledReminder', { timeZone: 'America/Chicago' });
    expect(turnedOn.status).toBe(201);
    const { dueAt } = (await turnedOn.json()) as { dueAt: string };
    return { ...appointment, dueAt: Date.parse(dueAt) };
  };
  const sentTo = (meetingId: string) => standIns.graph.sent.filter((sms) => sms.onlineMeetingId === meetingId);
  const reachedGraph = (meetingId: string) =>
    standIns.graph.arrivals.filter((path) => path.includes(encodeURIComponent(meetingId)) && path.endsWith('ReminderSms'));
  const until = async (done: () => boolean | Promise<boolean>) => {
    while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 100));
  };
  /** The reminder as `app` lists it, once it has its outcome (the app's own word, whatever the machine's speed). */
  const settledOn = async (app: AppProcess, meetingId: string) => {
    const token = await tokenOfDana();
    let item: { state: string; outcome?: { status: string } } | undefined;
    await until(async () => {
      const listed = (await (
        await fetch(`${app.url}/api/me/scheduledSends?onlineMeetingId=${encodeURIComponent(meetingId)}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { value: Array<{ state: string; outcome?: { status: string } }> };
      item = listed.value[0];
      return item !== undefined && item.state !== 'scheduled' && item.state !== 'sending';
    });
    return item;
  };

  /**
   * `app` is killed while Graph holds the meeting's reminder; restarted, the app settles it as unknown
   * instead of sending it again (its process is gone), and Graph's held request stays the only one.
   */
  const killedWhileGraphHolds = async (app: AppProcess, meetingId: string): Promise<AppProcess> => {
    await until(() => reachedGraph(meetingId).length > 0);
    await app.stop('SIGKILL');
    const restarted = await start();
    expect(await settledOn(restarted, meetingId)).toMatchObject({ state: 'done', outcome: { status: 'uncertain' } });
    await until(() => sentTo(meetingId).length > 0);
    expect(reachedGraph(meetingId)).toHaveLength(1);
    return restarted;
  };

  it('with two instances, one killed before the reminder is due: the other sends it once', async () => {
    // The first cannot send it, whatever the timing; it stops before the reminder is due.
    const [first, second] = [await start(false), await start()];
    const appointment = await reminderDueIn(first, 'two-instances', 3);
    await first.stop('SIGKILL');
    expect(sentTo(appointment.id)).toHaveLength(0);
    expect(await settledOn(second, appointment.id)).toMatchObject({ state: 'done', outcome: { status: 'sent' } });
    expect(sentTo(appointment.id)).toHaveLength(1);
    expect(reachedGraph(appointment.id)).toHaveLength(1);
    await second.stop();
  }, 60_000);

  it('killed while Graph holds the reminder, then restarted: it is not sent again, and says the outcome is unknown', async () => {
    const app = await start();
    const appointment = await reminderDueIn(app, 'cut-off', 2);
    standIns.graph.injectFault({ type: 'delay', ms: 3_000, match: encodeURIComponent(appointment.id) });
    const restarted = await killedWhileGraphHolds(app, appointment.id);
    await restarted.stop();
  }, 60_000);

  it('stopped while the reminder came due, then started again: sent once, late', async () => {
    const app = await start(false);
    const appointment = await reminderDueIn(app, 'while-down', 1);
    await app.stop('SIGKILL');
    // It comes due while no instance runs.
    await until(() => Date.now() > appointment.dueAt);
    expect(sentTo(appointment.id)).toHaveLength(0);
    const restarted = await start();
    expect(await settledOn(restarted, appointment.id)).toMatchObject({ state: 'done', outcome: { status: 'sent' } });
    expect(sentTo(appointment.id)).toHaveLength(1);
    await restarted.stop();
  }, 60_000);

  it('a standing reminder, killed while Graph holds it, then restarted: it is not sent again, and says the outcome is unknown', async () => {
    const app = await start();
    const appointment = danasAppointment(`standing-${storage}`, new Date(Date.now() + 15 * 60_000 + 6_000));
    standIns.graph.addAppointments(
      [appointment],
      [
        {
          id: `standing-event-${storage}`,
          calendarOf: dana.id,
          subject: appointment.subject,
          start: appointment.startDateTime ?? '',
          end: appointment.endDateTime ?? '',
          joinUrl: appointment.joinWebUrl,
        },
      ],
    );
    const call = await danaCalls(app);
    const saved = await call('POST', `onlineMeetings/${encodeURIComponent(appointment.id)}/attendees`, {
      attendees: [{ phoneNumber: '+13125550131' }],
    });
    expect(saved.status).toBe(200);
    standIns.graph.injectFault({ type: 'delay', ms: 3_000, match: encodeURIComponent(appointment.id) });
    // Turned on, the calendar is read at once: the appointment's reminder is due in about six seconds.
    expect((await call('PUT', 'standingReminders', { enabled: true, timeZone: 'America/Chicago' })).status).toBe(200);
    const restarted = await killedWhileGraphHolds(app, appointment.id);
    await call('PUT', 'standingReminders', { enabled: false }).catch(() => undefined);
    await restarted.stop();
  }, 60_000);
});
