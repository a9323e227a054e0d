import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { dana, danasMeeting, sam, samsMeeting, startGraphSandbox, tokenFor } from '../support/graphSandbox';

/** The stand-in must be as strict as Graph, or tests against it prove nothing. */
let sandbox: GraphSandbox;
beforeAll(async () => {
  sandbox = await startGraphSandbox();
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

const smsPath = (meetingId = danasMeeting.id, action = 'sendVirtualAppointmentSms') =>
  `/v1.0/me/onlineMeetings/${encodeURIComponent(meetingId)}/${action}`;

async function post(path: string, body: unknown, token: string | null = tokenFor(dana.id)) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as { error?: { code: string; message: string; innerError: Record<string, string> } }) : undefined,
  };
}

const current = { attendees: [{ phoneNumber: '+13129224122', timeZone: 'Pacific Standard Time' }], messageType: 'confirmation' };

describe('the Graph sandbox', () => {
  it('accepts the current body with 202 and records it where a person can read it', async () => {
    expect((await post(smsPath(), current)).status).toBe(202);
    const record = (await (await fetch(`${sandbox.url}/_sandbox/sms`)).json()) as { value: Array<{ body: unknown }> };
    expect(record.value.map((sms) => sms.body)).toEqual([current]);
  });

  it('rejects the obsolete beta body (phoneNumbers + virtualAppointmentSmsType) like Graph does', async () => {
    const answer = await post(smsPath(), { phoneNumbers: ['+13129224122'], virtualAppointmentSmsType: 'confirmation' });
    expect(answer.status).toBe(400);
    expect(answer.body?.error).toMatchObject({ code: 'BadRequest', message: expect.stringContaining("'phoneNumbers'") });
    expect(answer.body?.error?.innerError['request-id']).toEqual(expect.any(String));
  });

  it.each([
    ['an unknown key', { ...current, priority: 'high' }, "'priority'"],
    ['unknownFutureValue', { ...current, messageType: 'unknownFutureValue' }, 'not a supported value'],
    ['a message type as a collection', { ...current, messageType: ['confirmation'] }, 'Cannot convert'],
    ['an IANA time zone', { ...current, attendees: [{ phoneNumber: '+13129224122', timeZone: 'America/Chicago' }] }, 'Windows time zone'],
    ['a non-US number', { ...current, attendees: [{ phoneNumber: '+1242421412', timeZone: 'Pacific Standard Time' }] }, "'+1242421412'"],
    ['a number not in E.164', { ...current, attendees: [{ phoneNumber: '(312) 922-4122', timeZone: 'Pacific Standard Time' }] }, 'E.164'],
    ['no attendees', { messageType: 'confirmation', attendees: [] }, 'attendees'],
  ])('answers 400 to %s', async (_case, body, says) => {
    const answer = await post(smsPath(), body);
    expect(answer.status).toBe(400);
    expect(answer.body?.error?.message).toContain(says);
    expect(sandbox.sent).toHaveLength(0);
  });

  it('checks the reminder body against its own enum', async () => {
    const reminder = { attendees: current.attendees, remindBeforeTimeInMinutesType: 'mins15' };
    expect((await post(smsPath(danasMeeting.id, 'sendVirtualAppointmentReminderSms'), reminder)).status).toBe(202);
    expect((await post(smsPath(danasMeeting.id, 'sendVirtualAppointmentReminderSms'), current)).status).toBe(400);
  });

  it('requires a bearer token (401), the permission and a Teams Premium organizer (403), and a known meeting (404)', async () => {
    expect((await post(smsPath(), current, null)).status).toBe(401);
    expect((await post(smsPath(), current, tokenFor(dana.id, { scp: 'User.Read' }))).status).toBe(403);
    const unlicensed = await post(smsPath(samsMeeting.id), current, tokenFor(sam.id));
    expect(unlicensed.status).toBe(403);
    expect(unlicensed.body?.error?.message).toContain('Teams Premium');
    expect((await post(smsPath(samsMeeting.id), current, tokenFor(dana.id))).status).toBe(404);
  });

  it('can be told over HTTP to throttle, with a fractional Retry-After', async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ type: 'status', status: 429, retryAfter: '2.128' }),
    });
    const response = await fetch(`${sandbox.url}${smsPath()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenFor(dana.id)}` },
      body: JSON.stringify(current),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2.128');
  });
});
