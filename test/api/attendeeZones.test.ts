/**
 * An attendee's zone is data: Graph writes the appointment's hour into the text in it. A Chicago
 * organizer's texts reach Graph in Central on every path that has no zone of its own (REST without
 * one, the meeting chat, a whole day, a held text), and a number saved as Pacific keeps Pacific on
 * each of them. No path falls back to Eastern.
 */
import { danasAppointment, sendingHoursExcludingNow } from '../support/appointments';
import { dana, danasMeeting, sam } from '../support/graphSandbox';
import { useStack, type Stack } from '../support/stack';
import { cardAction, chatMessage, deliver, type ChatUser } from '../support/teamsActivities';
import { callApi, scheduledSendsSettled } from '../support/api';

const stackNow = useStack({ SCHEDULE_POLL_SECONDS: '0.3' });
let stack: Stack;
let organizer: string;
let admin: string;

const PACIFIC = 'Pacific Standard Time';
const CENTRAL = 'Central Standard Time';

interface Answer {
  status: number;
  body: Record<string, unknown> & {
    error?: { code: string; details?: Array<{ target: string; message: string }> };
    status?: string;
    policy?: { heldUntil?: string; scheduleId?: string };
    value?: Array<Record<string, unknown>>;
    timeZone?: string;
    timeZones?: string[];
    appointments?: Array<{ subject: string; timeZones?: string[]; receipt?: { status: string } }>;
  };
}

const call = (method: string, path: string, token: string, body?: unknown): Promise<Answer> =>
  callApi<Answer['body']>(stack.app.url, { method, path, token, body });

const meetingPath = (meetingId: string) => `/me/onlineMeetings/${encodeURIComponent(meetingId)}`;
const save = (meetingId: string, attendees: Array<{ phoneNumber: string; timeZone?: string }>) =>
  call('POST', `${meetingPath(meetingId)}/attendees`, organizer, { attendees });
/** What Graph was asked to write each number's text in, by number, across every text it accepted. */
const zonesSent = () =>
  Object.fromEntries(
    stack.graph.sent.flatMap((sms) =>
      (sms.body.attendees as Array<{ phoneNumber: string; timeZone: string }>).map((attendee) => [attendee.phoneNumber, attendee.timeZone]),
    ),
  );
const anyTime = { sendingHours: { from: '00:00', to: '24:00' }, caps: { perDay: 0, perWeek: 0 }, overridesAllowed: true, whenLate: 'send' };

const settled = (token: string) => scheduledSendsSettled(stack.app.url, token);

beforeAll(async () => {
  stack = stackNow();
  // Dana works in Chicago: Outlook says so, and so does Teams on each activity (teamsActivities).
  stack.graph.setOrganizer({ ...dana, timeZone: CENTRAL });
  organizer = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
  admin = await stack.entra.issueUserToken({ oid: sam.id, name: sam.displayName, roles: ['AppointmentSms.Admin'] });
});

afterEach(async () => {
  await call('PUT', '/admin/policy', admin, anyTime);
});

describe("each attendee's zone reaches Graph", () => {
  it("a REST send without a zone goes in the organizer's own (Outlook's); a number saved as Pacific keeps Pacific", async () => {
    const appointment = danasAppointment('zones-rest', new Date(Date.now() + 86_400_000));
    stack.graph.addAppointments([appointment], []);
    expect((await save(appointment.id, [{ phoneNumber: '+13125550301', timeZone: 'America/Los_Angeles' }])).status).toBe(200);

    const sent = await call('POST', `${meetingPath(appointment.id)}/sendVirtualAppointmentSms`, organizer, {
      attendees: [{ phoneNumber: '+13125550301' }, { phoneNumber: '+13125550302' }],
      messageType: 'confirmation',
    });

    expect(sent.status).toBe(202);
    expect(sent.body.timeZones).toEqual([PACIFIC, CENTRAL]);
    expect(zonesSent()).toEqual({ '+13125550301': PACIFIC, '+13125550302': CENTRAL });
    const saved = await call('GET', `${meetingPath(appointment.id)}/attendees`, organizer);
    expect(saved.body.value).toEqual([expect.objectContaining({ phoneNumber: '+13125550301', timeZone: PACIFIC })]);
  });

  it("a number saved without a zone keeps the organizer's; a bad zone is refused by field, nothing saved", async () => {
    const appointment = danasAppointment('zones-saved', new Date(Date.now() + 86_400_000));
    stack.graph.addAppointments([appointment], []);
    const refused = await save(appointment.id, [{ phoneNumber: '+13125550311', timeZone: 'Mars/Olympus' }]);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.details).toEqual([
      expect.objectContaining({ target: 'attendees[0].timeZone', message: expect.stringContaining('"Mars/Olympus" is not a time zone') }),
    ]);
    expect((await save(appointment.id, [{ phoneNumber: '+13125550311' }])).status).toBe(200);
    const saved = await call('GET', `${meetingPath(appointment.id)}/attendees`, organizer);
    expect(saved.body.value).toEqual([expect.objectContaining({ phoneNumber: '+13125550311', timeZone: CENTRAL })]);
  });

  it("the meeting chat's card shows each saved number's zone; moved to Pacific on the form, it is texted and kept in Pacific", async () => {
    const dana_: ChatUser = { aadObjectId: dana.id, name: dana.displayName };
    expect((await deliver(stack, chatMessage(stack, danasMeeting, dana_, 'numbers add (312) 555-0321'))).status).toBe(200);
    const form = await deliver(stack, cardAction(stack, danasMeeting, dana_, { verb: 'showForm', data: { cardId: 'zones-card' } }));
    // Saved from this Chicago chat: Central, shown beside the number before anything is sent.
    expect(JSON.stringify(form.body?.value)).toContain(
      '"id":"zone:+13125550321","label":"Time zone of (312) 555-0321","value":"Central Standard Time"',
    );

    const token = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
    const data = {
      cardId: 'zones-card',
      savedNumbers: '+13125550321',
      'zone:+13125550321': PACIFIC,
      kind: 'confirmation',
      timeZone: CENTRAL,
    };
    const sent = await deliver(stack, cardAction(stack, danasMeeting, dana_, { verb: 'send', data, token }));

    expect(JSON.stringify(sent.body?.value)).toContain('Accepted by Microsoft for sending');
    expect(zonesSent()).toEqual({ '+13125550321': PACIFIC });
    const saved = await call('GET', `${meetingPath(danasMeeting.id)}/attendees`, organizer);
    expect(saved.body.value).toEqual(expect.arrayContaining([expect.objectContaining({ phoneNumber: '+13125550321', timeZone: PACIFIC })]));
  });

  it("a whole day without a zone is read and texted in the organizer's own; a number saved as Pacific keeps Pacific", async () => {
    // 2027-03-14: the day the clocks change in Chicago; 10:00 and 11:00 there.
    const [first, second] = ['zones-day-1', 'zones-day-2'].map((name, index) =>
      danasAppointment(name, new Date(Date.parse('2027-03-14T15:00:00Z') + index * 3600_000)),
    );
    const events = [first, second].map((meeting) => ({
      id: meeting.id.slice(0, 20),
      calendarOf: dana.id,
      subject: meeting.subject,
      start: meeting.startDateTime!,
      end: meeting.endDateTime!,
      joinUrl: meeting.joinWebUrl,
    }));
    stack.graph.addAppointments([first, second], events);
    await save(first.id, [{ phoneNumber: '+13125550331', timeZone: PACIFIC }]);
    await save(second.id, [{ phoneNumber: '+13125550332' }]);

    // Before anything is sent, the day says the zone each number will be texted in.
    const preview = await call('POST', '/me/virtualAppointments/dayActions', organizer, {
      date: '2027-03-14',
      messageType: 'cancellation',
      preview: true,
    });
    expect(preview.body.appointments?.map((appointment) => appointment.timeZones)).toEqual([[PACIFIC], [CENTRAL]]);
    const day = await call('POST', '/me/virtualAppointments/dayActions', organizer, { date: '2027-03-14', messageType: 'cancellation' });

    expect(day.status).toBe(200);
    expect(day.body.timeZone).toBe('America/Chicago');
    expect(day.body.appointments?.map((appointment) => appointment.receipt?.status)).toEqual(['sent', 'sent']);
    expect(zonesSent()).toEqual({ '+13125550331': PACIFIC, '+13125550332': CENTRAL });
  });

  it("an automatic reminder texts each saved number in its zone, and one saved without a zone in the organizer's", async () => {
    const appointment = danasAppointment('zones-reminder', new Date(Date.now() + 15 * 60_000 + 2_000));
    stack.graph.addAppointments([appointment], []);
    await save(appointment.id, [{ phoneNumber: '+13125550351', timeZone: PACIFIC }, { phoneNumber: '+13125550352' }]);

    // Turned on without a zone: the organizer's own (Outlook's) for numbers saved without one.
    const reminder = await call('POST', `${meetingPath(appointment.id)}/scheduledReminder`, organizer, {});
    expect(reminder.status).toBe(201);
    await settled(organizer);

    expect(zonesSent()).toEqual({ '+13125550351': PACIFIC, '+13125550352': CENTRAL });
  });

  it("a text held for the sending hours keeps each attendee's zone, and goes when an admin opens the hours", async () => {
    const hours = sendingHoursExcludingNow();
    await call('PUT', '/admin/policy', admin, { ...anyTime, sendingHours: { from: hours.from, to: hours.to } });
    const appointment = danasAppointment('zones-held', new Date(Date.now() + 2 * 86_400_000));
    stack.graph.addAppointments([appointment], []);
    await save(appointment.id, [{ phoneNumber: '+13125550341', timeZone: PACIFIC }]);

    const held = await call('POST', `${meetingPath(appointment.id)}/sendVirtualAppointmentSms`, organizer, {
      attendees: [{ phoneNumber: '+13125550341' }, { phoneNumber: '+13125550342' }],
      messageType: 'reschedule',
    });
    expect(held.body.status).toBe('held');
    const waiting = await call('GET', `/me/scheduledSends?onlineMeetingId=${encodeURIComponent(appointment.id)}`, organizer);
    expect(waiting.body.value?.[0]).toMatchObject({ state: 'scheduled', dueAt: held.body.policy?.heldUntil });

    // The admin opens the hours: the waiting text is judged by the policy now in force, and goes.
    const opened = await call('PUT', '/admin/policy', admin, anyTime);
    expect(opened.body).toMatchObject({ heldTextsMoved: 1 });
    const moved = await call('GET', `/me/scheduledSends?onlineMeetingId=${encodeURIComponent(appointment.id)}`, organizer);
    expect(Date.parse(String(moved.body.value?.[0]?.dueAt))).toBeLessThan(Date.parse(held.body.policy?.heldUntil ?? ''));
    await settled(organizer);

    expect(zonesSent()).toEqual({ '+13125550341': PACIFIC, '+13125550342': CENTRAL });
  });
});
