/**
 * The tenant's send policy over real HTTP: admins set it; caps refuse a number by name with when
 * it may be texted again; texts outside the sending hours are held in the schedule (listed,
 * cancelled); a cancellation about an appointment before the hours open goes at once; overrides
 * are recorded; an automatic reminder goes by itself 15 minutes before the appointment.
 */
import { dana, danasMeeting, sam } from '../support/graphSandbox';
import { danasAppointment, sendingHoursExcludingNow } from '../support/appointments';
import { useStack, type Stack } from '../support/stack';
import { callApi, scheduledSendsSettled } from '../support/api';

const stackNow = useStack({ SCHEDULE_POLL_SECONDS: '0.3' });
let stack: Stack;
let organizer: string;
let admin: string;

interface Answer {
  status: number;
  body: Record<string, unknown> & {
    error?: { code: string; message: string; details?: Array<{ target: string; message: string }> };
    status?: string;
    policy?: { note?: string; override?: { reason: string; rules: string[] }; heldUntil?: string; scheduleId?: string };
    value?: Array<Record<string, unknown>>;
  };
}

const call = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
  callApi<Answer['body']>(stack.app.url, { method, path, token, body, headers });

const policy = (changes: Record<string, unknown> = {}) => ({
  sendingHours: { from: '00:00', to: '24:00' },
  caps: { perDay: 3, perWeek: 6 },
  overridesAllowed: true,
  whenLate: 'send',
  ...changes,
});
const sendTo = (meetingId: string, number: string, kind: string, key: string, extra: object = {}) =>
  call(
    'POST',
    `/me/onlineMeetings/${encodeURIComponent(meetingId)}/sendVirtualAppointmentSms`,
    organizer,
    { attendees: [{ phoneNumber: number, timeZone: 'Eastern Standard Time' }], messageType: kind, ...extra },
    { 'idempotency-key': key },
  );

beforeAll(async () => {
  stack = stackNow();
  organizer = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
  admin = await stack.entra.issueUserToken({ oid: sam.id, name: sam.displayName, roles: ['AppointmentSms.Admin'] });
});

describe("the tenant's send policy (admins only)", () => {
  it('is read and set only with the AppointmentSms.Admin role, each bad field refused by name', async () => {
    expect((await call('GET', '/admin/policy', organizer)).status).toBe(403);
    expect((await call('PUT', '/admin/policy', organizer, policy())).body.error?.message).toContain('AppointmentSms.Admin');
    const bad = await call(
      'PUT',
      '/admin/policy',
      admin,
      policy({ sendingHours: { from: '21:00', to: '08:00' }, caps: { perDay: 5, perWeek: 2 } }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details?.map((detail) => detail.target)).toEqual(['sendingHours.to', 'caps.perWeek']);
    const set = await call('PUT', '/admin/policy', admin, policy());
    expect(set.status).toBe(200);
    expect((await call('GET', '/admin/policy', admin)).body).toMatchObject({ policy: policy(), updatedBy: sam.id });
  });
});

describe('caps per number', () => {
  it('refuses the fourth text in 24 hours by number, saying when it may be texted again; an override with a reason sends it and is recorded', async () => {
    await call('PUT', '/admin/policy', admin, policy());
    for (const key of ['cap-1', 'cap-2', 'cap-3'])
      expect((await sendTo(danasMeeting.id, '+13125550101', 'confirmation', key)).status).toBe(202);
    const fourth = await sendTo(danasMeeting.id, '(312) 555-0101', 'reschedule', 'cap-4');
    expect(fourth.status).toBe(400);
    expect(fourth.body.error?.details).toEqual([
      {
        code: 'invalidPhoneNumber',
        target: 'attendees[0].phoneNumber',
        message: expect.stringMatching(
          /^\+1312•••0101 has had 3 texts in the last 24 hours, the tenant's limit\. It may be texted again after .+ E[SD]T\.$/,
        ),
      },
    ]);
    expect(stack.graph.sent).toHaveLength(3);
    const overridden = await sendTo(danasMeeting.id, '(312) 555-0101', 'reschedule', 'cap-5', {
      override: { reason: 'The clinic moved the appointment a third time today' },
    });
    expect(overridden.status).toBe(202);
    expect(overridden.body.policy?.override).toEqual({ reason: 'The clinic moved the appointment a third time today', rules: ['caps'] });
    expect(stack.graph.sent).toHaveLength(4);
    // The audit keeps the override with the send.
    const history = await call('GET', `/me/onlineMeetings/${encodeURIComponent(danasMeeting.id)}/notifications`, organizer);
    expect(JSON.stringify(history.body)).toContain('The clinic moved the appointment a third time today');
  });

  it('lets exactly as many through as the cap allows when ten sends to one number race', async () => {
    await call('PUT', '/admin/policy', admin, policy());
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => sendTo(danasMeeting.id, '+13125550109', 'confirmation', `race-${index}`)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 202, 202, 400, 400, 400, 400, 400, 400, 400]);
    expect(stack.graph.sent).toHaveLength(3);
  });

  it('does not count a send Graph refused: the number keeps its three', async () => {
    await call('PUT', '/admin/policy', admin, policy());
    stack.graph.injectFault({ type: 'status', status: 400, times: 1 });
    expect((await sendTo(danasMeeting.id, '+13125550110', 'confirmation', 'refused-by-graph')).status).toBe(502);
    for (const key of ['kept-1', 'kept-2', 'kept-3'])
      expect((await sendTo(danasMeeting.id, '+13125550110', 'confirmation', key)).status).toBe(202);
  });

  it('does not use an override when the tenant allows none, and says so', async () => {
    await call('PUT', '/admin/policy', admin, policy({ overridesAllowed: false, caps: { perDay: 1, perWeek: 6 } }));
    expect((await sendTo(danasMeeting.id, '+13125550102', 'confirmation', 'strict-1')).status).toBe(202);
    const refused = await sendTo(danasMeeting.id, '+13125550102', 'reschedule', 'strict-2', { override: { reason: 'Please, it matters' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.details?.[0]?.message).toMatch(
      /has had 1 text in the last 24 hours, the tenant's limit\. .* Your organization does not allow sending anyway with a reason, so yours was not used/,
    );
  });
});

describe('sending hours', () => {
  it('holds a confirmation asked outside them until they open where the attendee is; the organizer lists it and cancels it', async () => {
    const hours = sendingHoursExcludingNow();
    await call('PUT', '/admin/policy', admin, policy({ sendingHours: { from: hours.from, to: hours.to } }));
    const held = await sendTo(danasMeeting.id, '+13125550103', 'confirmation', 'held-1');
    expect(held.status).toBe(202);
    expect(held.body.status).toBe('held');
    expect(held.body.policy?.note).toMatch(hours.opensAt);
    expect(Date.parse(held.body.policy?.heldUntil ?? '')).toBeGreaterThan(Date.now());
    expect(stack.graph.sent).toHaveLength(0);
    const listed = await call('GET', `/me/scheduledSends?onlineMeetingId=${encodeURIComponent(danasMeeting.id)}`, organizer);
    const entry = listed.body.value?.find((item) => item.id === held.body.policy?.scheduleId);
    expect(entry).toMatchObject({ why: 'held', state: 'scheduled', kind: 'confirmation', maskedNumbers: ['+1312•••0103'] });
    expect(JSON.stringify(listed.body)).not.toContain('+13125550103');
    // Someone else cannot cancel it; the organizer can, once.
    const samsToken = await stack.entra.issueUserToken({ oid: sam.id, name: sam.displayName });
    expect((await call('DELETE', `/me/scheduledSends/${String(entry?.id)}`, samsToken)).status).toBe(404);
    expect((await call('DELETE', `/me/scheduledSends/${String(entry?.id)}`, organizer)).body).toMatchObject({ state: 'cancelled' });
    expect((await call('DELETE', `/me/scheduledSends/${String(entry?.id)}`, organizer)).status).toBe(404);
  });

  it('holds a text sent anyway when the tenant allows no overrides, saying the reason was not used', async () => {
    const hours = sendingHoursExcludingNow();
    await call('PUT', '/admin/policy', admin, policy({ overridesAllowed: false, sendingHours: { from: hours.from, to: hours.to } }));
    const held = await sendTo(danasMeeting.id, '+13125550106', 'confirmation', 'held-anyway', { override: { reason: 'Before her shift' } });
    expect(held.body.status).toBe('held');
    expect(held.body.policy?.note).toContain('Your organization does not allow sending anyway with a reason, so yours was not used');
    expect(held.body.policy?.note).toMatch(hours.opensAt);
    await call('DELETE', `/me/scheduledSends/${String(held.body.policy?.scheduleId)}`, organizer);
  });

  it('moves a waiting text when an admin narrows the hours, and the listing shows its new time', async () => {
    const hours = sendingHoursExcludingNow();
    await call('PUT', '/admin/policy', admin, policy({ sendingHours: { from: hours.from, to: hours.to } }));
    const held = await sendTo(danasMeeting.id, '+13125550107', 'confirmation', 'held-narrowed');
    const narrowed = { from: hours.from.replace(':00', ':30'), to: hours.to };
    expect((await call('PUT', '/admin/policy', admin, policy({ sendingHours: narrowed }))).body).toMatchObject({ heldTextsMoved: 1 });
    const listed = await call('GET', `/me/scheduledSends?onlineMeetingId=${encodeURIComponent(danasMeeting.id)}`, organizer);
    const entry = listed.body.value?.find((item) => item.id === held.body.policy?.scheduleId);
    expect(Date.parse(String(entry?.dueAt)) - Date.parse(held.body.policy?.heldUntil ?? '')).toBe(30 * 60_000);
    expect(entry?.reason).toMatch(/:30 (AM|PM) E[SD]T/);
    await call('DELETE', `/me/scheduledSends/${String(entry?.id)}`, organizer);
  });

  it('sends a cancellation at once when its appointment is itself before the hours open, and says why', async () => {
    const hours = sendingHoursExcludingNow();
    await call('PUT', '/admin/policy', admin, policy({ sendingHours: { from: hours.from, to: hours.to } }));
    const soon = danasAppointment('soon', new Date(Date.now() + 30 * 60_000));
    stack.graph.addAppointments([soon], []);
    const cancelled = await sendTo(soon.id, '+13125550104', 'cancellation', 'soon-1');
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.status).toBe('sent');
    expect(cancelled.body.policy?.note).toContain('about an appointment before texting is allowed again');
    expect(stack.graph.sent).toHaveLength(1);
  });
});

describe('automatic reminder', () => {
  it('goes by itself 15 minutes before the appointment, once, to the numbers saved then, and shows in the history', async () => {
    await call('PUT', '/admin/policy', admin, policy());
    const appointment = danasAppointment('reminded', new Date(Date.now() + 15 * 60_000 + 2_000));
    stack.graph.addAppointments([appointment], []);
    const meeting = encodeURIComponent(appointment.id);
    expect(
      (
        await call('POST', `/me/onlineMeetings/${meeting}/attendees`, organizer, {
          attendees: [{ phoneNumber: '+13125550105', timeZone: 'America/Chicago' }],
        })
      ).status,
    ).toBe(200);
    const turnedOn = await call('POST', `/me/onlineMeetings/${meeting}/scheduledReminder`, organizer, {});
    expect(turnedOn.status).toBe(201);
    expect(turnedOn.body).toMatchObject({ why: 'reminder', kind: 'reminder', state: 'scheduled', maskedNumbers: ['+1312•••0105'] });
    // Turning it on again keeps the one reminder.
    expect((await call('POST', `/me/onlineMeetings/${meeting}/scheduledReminder`, organizer, {})).status).toBe(200);
    while (stack.graph.sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    await scheduledSendsSettled(stack.app.url, organizer, appointment.id);
    expect(stack.graph.sent).toHaveLength(1);
    expect(stack.graph.sent[0]).toMatchObject({
      action: 'sendVirtualAppointmentReminderSms',
      onlineMeetingId: appointment.id,
      body: { attendees: [{ phoneNumber: '+13125550105', timeZone: 'Central Standard Time' }], remindBeforeTimeInMinutesType: 'mins15' },
    });
    // Sent with the app's own permission, for Dana, on /users/{id}: nobody was signed in.
    expect(stack.graph.sent[0]?.callerId).not.toBe(dana.id);
    const listed = await call('GET', `/me/scheduledSends?onlineMeetingId=${meeting}`, organizer);
    expect(listed.body.value?.[0]).toMatchObject({ state: 'done', outcome: { status: 'sent' } });
    const history = await call('GET', `/me/onlineMeetings/${meeting}/notifications`, organizer);
    expect(JSON.stringify(history.body)).toContain('reminder');
  });

  it('refuses an appointment less than 15 minutes away, saying to send the reminder now', async () => {
    const appointment = danasAppointment('too-soon', new Date(Date.now() + 10 * 60_000));
    stack.graph.addAppointments([appointment], []);
    const refused = await call('POST', `/me/onlineMeetings/${encodeURIComponent(appointment.id)}/scheduledReminder`, organizer, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error?.details?.[0]?.message).toContain('send the reminder now instead');
  });
});
