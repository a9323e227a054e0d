/**
 * Standing reminders over REST, against the app with its stand-ins: set once, they read the
 * organizer's calendar at once (the app's own permission) and list each coming reminder among the
 * organizer's waiting texts, cancellable; turned off, they drop what they made.
 */
import { danasAppointment } from '../support/appointments';
import { callApi } from '../support/api';
import { dana } from '../support/graphSandbox';
import { useStack, type Stack } from '../support/stack';

const stackNow = useStack();
let stack: Stack;
let organizer: string;

interface Waiting {
  id: string;
  why: string;
  state: string;
  meetingId: string;
  dueAt: string;
  standing?: boolean;
  maskedNumbers: string[];
}
interface Answer {
  status: number;
  body: { enabled?: boolean; dropped?: number; timeZone?: string; value?: Waiting[]; error?: { details?: Array<{ target: string }> } };
}

const call = (method: string, path: string, body?: unknown): Promise<Answer> =>
  callApi<Answer['body']>(stack.app.url, { method, path, token: organizer, body });

const inTwoHours = new Date(Date.now() + 2 * 3600_000);
const appointment = danasAppointment('standing-rest', inTwoHours);

beforeAll(async () => {
  stack = stackNow();
  organizer = await stack.entra.issueUserToken({ oid: dana.id, name: dana.displayName });
  stack.graph.addAppointments(
    [appointment],
    [
      {
        id: 'standing-rest-event',
        calendarOf: dana.id,
        subject: appointment.subject,
        start: inTwoHours.toISOString(),
        end: new Date(inTwoHours.getTime() + 30 * 60_000).toISOString(),
        joinUrl: appointment.joinWebUrl,
      },
    ],
  );
  const saved = await call('POST', `/me/onlineMeetings/${encodeURIComponent(appointment.id)}/attendees`, {
    attendees: [{ phoneNumber: '(312) 922-4122' }],
  });
  expect(saved.status).toBe(200);
});

describe('standing reminders (PUT /api/me/standingReminders)', () => {
  it('turned on, list every coming appointment reminder 15 minutes before it, with masked numbers', async () => {
    const on = await call('PUT', '/me/standingReminders', { enabled: true, timeZone: 'America/Chicago' });
    expect(on).toMatchObject({ status: 200, body: { enabled: true, timeZone: 'Central Standard Time' } });
    expect((await call('GET', '/me/standingReminders')).body).toMatchObject({ enabled: true });

    const waiting = (await call('GET', '/me/scheduledSends')).body.value ?? [];
    const reminder = waiting.find((item) => item.meetingId === appointment.id);
    expect(reminder).toMatchObject({
      why: 'reminder',
      standing: true,
      state: 'scheduled',
      dueAt: new Date(inTwoHours.getTime() - 15 * 60_000).toISOString(),
      maskedNumbers: ['+1312•••4122'],
    });
    expect(waiting.filter((item) => item.why === 'calendar')).toHaveLength(1);
    expect(JSON.stringify(waiting)).not.toContain('9224122');
  });

  it('turned on twice, are on once', async () => {
    await call('PUT', '/me/standingReminders', { enabled: true, timeZone: 'America/Chicago' });
    const waiting = (await call('GET', '/me/scheduledSends')).body.value ?? [];
    expect(waiting.filter((item) => item.why === 'calendar' && item.state === 'scheduled')).toHaveLength(1);
    expect(waiting.filter((item) => item.meetingId === appointment.id && item.state === 'scheduled')).toHaveLength(1);
  });

  it('refuse a body they cannot read, naming the field', async () => {
    const refused = await call('PUT', '/me/standingReminders', { enabled: 'yes' });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.details?.map((detail) => detail.target)).toEqual(['enabled']);
  });

  it('turned off, drop the reminders they made', async () => {
    expect(await call('PUT', '/me/standingReminders', { enabled: false })).toMatchObject({
      status: 200,
      body: { enabled: false, dropped: 1 },
    });
    const waiting = (await call('GET', '/me/scheduledSends')).body.value ?? [];
    expect(waiting.filter((item) => item.state === 'scheduled')).toEqual([]);
    expect((await call('GET', '/me/standingReminders')).body).toEqual({ enabled: false });
  });
});
