import { CATALOG } from '../../src/domain/messages';
/**
 * Standing reminders as a use case: the organizer turns them on once, and every Teams appointment
 * in their calendar gets its reminder 15 minutes before, moved, dropped and sent once as the
 * calendar changes. The calendar is the Graph sandbox's (its `calendarView/delta`), the schedule
 * SQLite (one file shared by two instances), the clock injected.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { startAzurite, type Azurite } from '../../dev/storage/azurite';
import { openStores, type Stores } from '../../src/store/openStores';
import type { SandboxEvent, SandboxMeeting } from '../../dev/graph-sandbox/sandboxTypes';
import { dana, danaSignedIn, startGraphSandbox } from '../support/graphSandbox';
import { useCasesOn } from '../support/useCases';

let sandbox: GraphSandbox;
let azurite: Azurite | undefined;
beforeAll(async () => {
  sandbox = await startGraphSandbox();
});
afterAll(async () => {
  await sandbox.stop();
  await azurite?.stop();
});
beforeEach(() => sandbox.reset());

/** What a tenant's admin grants for standing reminders: sending, reading calendars, finding meetings (the app's own). */
const APP_ROLES = ['VirtualAppointmentNotification.Send', 'Calendars.Read', 'OnlineMeetings.Read.All', 'Bookings.Read.All'];

let made = 0;
/** A Teams appointment in Dana's calendar: its online meeting and the event that holds it. */
function appointment(subject: string, start: string): { meeting: SandboxMeeting; event: SandboxEvent } {
  made += 1;
  const thread = `19:meeting_standing${made}@thread.v2`;
  const joinWebUrl = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0`;
  const end = new Date(Date.parse(start) + 30 * 60_000).toISOString();
  return {
    meeting: {
      id: Buffer.from(`1*${dana.id}*0**${thread}`).toString('base64'),
      organizerId: dana.id,
      subject,
      chatThreadId: thread,
      joinWebUrl,
      attendeeJoinWebUrl: `https://visit.teams.microsoft.com/webrtc-svc/api/route?convId=${thread}`,
      startDateTime: start,
      endDateTime: end,
    },
    event: { id: `event-standing-${made}`, calendarOf: dana.id, subject, start, end, joinUrl: joinWebUrl },
  };
}

function inCalendar(...appointments: Array<{ meeting: SandboxMeeting; event: SandboxEvent }>): void {
  sandbox.addAppointments(
    appointments.map((entry) => entry.meeting),
    appointments.map((entry) => entry.event),
  );
}

/** Where two instances share their stores: one SQLite file, or one Azure Blob container (Azurite). */
const BACKENDS: Array<{ name: string; open: () => Promise<() => Promise<Stores>> }> = [
  {
    name: 'a SQLite file',
    open: async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'standing-')), 'app.db');
      return () => openStores({ kind: 'sqlite', path });
    },
  },
  {
    name: 'Azure Blob (Azurite)',
    open: async () => {
      azurite ??= await startAzurite();
      const { connectionString } = azurite;
      const container = `standing-${randomUUID().slice(0, 8)}`;
      return () => openStores({ kind: 'blob', connectionString, container });
    },
  },
];

/** An instance of the app on the shared stores, its clock where the test sets it. */
async function instanceOn(stores: () => Promise<Stores>, clock: { now: Date }) {
  return useCasesOn(sandbox, { now: () => clock.now, appRoles: APP_ROLES, stores: await stores() });
}

const reminderOf = (items: ReadonlyArray<{ meetingId: string; why: string; state: string; dueAt: string }>, meetingId: string) =>
  items.find((item) => item.why === 'reminder' && item.meetingId === meetingId);

describe.each(BACKENDS)('standing reminders, two instances on $name', (backend) => {
  it('remind every appointment once, follow a move, drop a cancelled or deleted one, and reach numbers saved later', async () => {
    const clock = { now: new Date('2026-12-01T12:00:00Z') };
    const stores = await backend.open();
    const [first, second] = [await instanceOn(stores, clock), await instanceOn(stores, clock)];
    const checkUp = appointment('Check-up', '2026-12-01T15:00:00Z');
    const followUp = appointment('Follow-up', '2026-12-02T16:00:00Z');
    const cancelled = appointment('Consultation', '2026-12-02T18:00:00Z');
    const deleted = appointment('Review', '2026-12-02T19:00:00Z');
    inCalendar(checkUp, followUp, cancelled, deleted);
    await first.book.add(checkUp.meeting.id, [{ phoneNumber: '+13129224122' }], CATALOG['en-US']);

    expect(await first.standing.turnOn(danaSignedIn, 'America/Chicago')).toMatchObject({ ok: true, value: { enabled: true } });
    await first.scheduled.runDue();

    let items = await first.scheduled.list(dana.id);
    expect(reminderOf(items, checkUp.meeting.id)).toMatchObject({
      state: 'scheduled',
      dueAt: '2026-12-01T14:45:00.000Z',
      maskedNumbers: ['+1312•••4122'],
    });
    expect(reminderOf(items, followUp.meeting.id)).toMatchObject({
      state: 'scheduled',
      dueAt: '2026-12-02T15:45:00.000Z',
      maskedNumbers: [],
    });

    // The calendar changes: the check-up moves an hour later, one is cancelled, one deleted; the follow-up gains a number.
    sandbox.changeEvent(checkUp.event.id, { start: '2026-12-01T16:00:00Z', end: '2026-12-01T16:30:00Z' });
    sandbox.changeEvent(cancelled.event.id, { isCancelled: true });
    sandbox.deleteEvent(deleted.event.id);
    await first.book.add(followUp.meeting.id, [{ phoneNumber: '+14155550133' }], CATALOG['en-US']);
    clock.now = new Date('2026-12-01T12:06:00Z');
    await second.scheduled.runDue();

    items = await first.scheduled.list(dana.id);
    expect(reminderOf(items, checkUp.meeting.id)).toMatchObject({ state: 'scheduled', dueAt: '2026-12-01T15:45:00.000Z' });
    expect(reminderOf(items, cancelled.meeting.id)).toMatchObject({ state: 'cancelled' });
    expect(reminderOf(items, deleted.meeting.id)).toMatchObject({ state: 'cancelled' });
    expect(sandbox.sent).toHaveLength(0);

    // Both instances poll when the moved check-up's reminder is due: it goes once, to the saved number, in its zone.
    clock.now = new Date('2026-12-01T15:45:05Z');
    await Promise.all([first.scheduled.runDue(), second.scheduled.runDue()]);
    expect(sandbox.sent.map((sms) => sms.body)).toEqual([
      { attendees: [{ phoneNumber: '+13129224122', timeZone: 'Central Standard Time' }], remindBeforeTimeInMinutesType: 'mins15' },
    ]);

    // The next day, the follow-up's reminder reaches the number saved after it was made.
    clock.now = new Date('2026-12-02T15:45:05Z');
    await first.scheduled.runDue();
    await second.scheduled.runDue();
    expect(sandbox.sent.map((sms) => (sms.body as { attendees: Array<{ phoneNumber: string }> }).attendees[0]?.phoneNumber)).toEqual([
      '+13129224122',
      '+14155550133',
    ]);
  });
});

describe('standing reminders', () => {
  it('turned off, follow the calendar no more and drop the reminders they made', async () => {
    // Weeks later than the cases above: their appointments are outside the days followed here.
    const clock = { now: new Date('2026-12-28T12:00:00Z') };
    const app = useCasesOn(sandbox, { now: () => clock.now, appRoles: APP_ROLES });
    const checkUp = appointment('Check-up', '2026-12-28T15:00:00Z');
    inCalendar(checkUp);
    await app.standing.turnOn(danaSignedIn, 'America/Chicago');
    await app.scheduled.runDue();

    expect(await app.standing.turnOff(dana.id)).toBe(1);

    expect(await app.standing.setting(dana.id)).toEqual({ enabled: false });
    expect(reminderOf(await app.scheduled.list(dana.id), checkUp.meeting.id)).toMatchObject({ state: 'cancelled' });
    clock.now = new Date('2026-12-28T14:45:05Z');
    await app.scheduled.runDue();
    expect(sandbox.sent).toHaveLength(0);
    expect(sandbox.graphCalls('/calendarView/delta')).toHaveLength(1);
  });

  it('turned off while an instance is reading the calendar, stay off: that look makes nothing and follows no more', async () => {
    const clock = { now: new Date('2027-02-01T12:00:00Z') };
    const app = useCasesOn(sandbox, { now: () => clock.now, appRoles: APP_ROLES });
    inCalendar(appointment('Check-up', '2027-02-01T15:00:00Z'));
    await app.standing.turnOn(danaSignedIn, 'America/Chicago');
    clock.now = new Date('2027-02-01T12:06:00Z');
    // Graph is slow to answer the next look; the organizer turns them off while it waits.
    sandbox.injectFault({ type: 'delay', ms: 500, match: '/calendarView/delta' });
    const looking = app.scheduled.runDue();
    while (!sandbox.arrivals.some((path) => path.includes('/calendarView/delta'))) await new Promise((resolve) => setTimeout(resolve, 10));
    await app.standing.turnOff(dana.id);
    await looking;

    expect(await app.standing.setting(dana.id)).toEqual({ enabled: false });
    expect((await app.scheduled.list(dana.id)).filter((item) => item.state === 'scheduled')).toEqual([]);
  });

  it("take a booking's customers from Microsoft Bookings, and leave alone what Bookings texts itself", async () => {
    // Weeks from the other cases: only these appointments are in the days followed.
    const clock = { now: new Date('2027-01-11T12:00:00Z') };
    const app = useCasesOn(sandbox, { now: () => clock.now, appRoles: APP_ROLES });
    const bookedQuiet = appointment('Tax advice (booked)', '2027-01-11T16:00:00Z');
    const bookedTexting = appointment('Loan review (booked, Bookings texts)', '2027-01-11T17:00:00Z');
    inCalendar(bookedQuiet, bookedTexting);
    const booking = (entry: ReturnType<typeof appointment>, smsNotificationsEnabled: boolean, phone: string) => ({
      id: `booking-${entry.event.id}`,
      start: entry.event.start,
      end: entry.event.end,
      joinWebUrl: entry.meeting.joinWebUrl,
      smsNotificationsEnabled,
      customers: [{ name: 'Maria Lopez', phone, timeZone: 'America/Denver' }],
    });
    sandbox.addBookingBusiness({
      id: 'contoso-advice@contoso.example',
      displayName: 'Contoso advice',
      appointments: [booking(bookedQuiet, false, '+1 720 555 0147'), booking(bookedTexting, true, '+1 720 555 0148')],
    });

    await app.standing.turnOn(danaSignedIn, 'America/Chicago');

    const items = await app.scheduled.list(dana.id);
    expect(reminderOf(items, bookedQuiet.meeting.id)).toMatchObject({ state: 'scheduled', maskedNumbers: ['+1720•••0147'] });
    expect(reminderOf(items, bookedTexting.meeting.id)).toBeUndefined();
    // Nor by hand: the organizer is told why.
    expect(await app.scheduled.remindBefore(danaSignedIn, bookedTexting.meeting.id, 'America/Chicago')).toMatchObject({
      ok: false,
      error: {
        problems: [{ field: 'onlineMeetingId', message: expect.stringContaining('Microsoft Bookings, which texts its customers') }],
      },
    });
    clock.now = new Date('2027-01-11T15:45:05Z');
    await app.scheduled.runDue();
    expect(sandbox.sent.map((sms) => sms.body)).toEqual([
      { attendees: [{ phoneNumber: '+17205550147', timeZone: 'Mountain Standard Time' }], remindBeforeTimeInMinutesType: 'mins15' },
    ]);
  });

  it('are refused up front where the admin has not let the app read calendars, saying what to grant', async () => {
    const app = useCasesOn(sandbox, { appRoles: ['VirtualAppointmentNotification.Send'] });

    const refusal = await app.standing.turnOn(danaSignedIn, 'America/Chicago');

    expect(refusal).toMatchObject({
      ok: false,
      error: { failure: { reason: 'forbidden', message: expect.stringContaining('Calendars.Read and OnlineMeetings.Read.All') } },
    });
    expect(await app.standing.setting(dana.id)).toEqual({ enabled: false });
  });
});
