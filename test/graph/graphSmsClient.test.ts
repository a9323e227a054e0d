import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import type { UsPhoneNumber } from '../../src/domain/phoneNumbers';
import type { WindowsTimeZone } from '../../src/domain/timeZones';
import { GraphSmsClient } from '../../src/graph/graphSmsClient';
import { dana, danasMeeting, sam, samsMeeting, startGraphSandbox, tokenFor } from '../support/graphSandbox';

const attendee = { phoneNumber: '+13129224122' as UsPhoneNumber, timeZone: 'Pacific Standard Time' as WindowsTimeZone };
const asDana = { accessToken: tokenFor(dana.id) };

let sandbox: GraphSandbox;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
const client = (options: Partial<ConstructorParameters<typeof GraphSmsClient>[0]> = {}) =>
  new GraphSmsClient({ baseUrl: sandbox.url, apiVersion: 'v1.0', baseDelaySeconds: 0.05, ...options });

beforeAll(async () => {
  sandbox = await startGraphSandbox();
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

describe('sending through Microsoft Graph', () => {
  it.each([
    ['confirmation', 'sendVirtualAppointmentSms', { messageType: 'confirmation' }],
    ['reschedule', 'sendVirtualAppointmentSms', { messageType: 'reschedule' }],
    ['cancellation', 'sendVirtualAppointmentSms', { messageType: 'cancellation' }],
    ['reminder', 'sendVirtualAppointmentReminderSms', { remindBeforeTimeInMinutesType: 'mins15' }],
  ] as const)('sends a %s as the exact v1.0 body of %s', async (kind, action, kindField) => {
    const result = await client().send({ onlineMeetingId: danasMeeting.id, kind, attendees: [attendee] }, asDana);

    expect(result).toEqual({ ok: true, value: { action, requestId: sandbox.sent[0]?.requestId } });
    expect(sandbox.sent).toHaveLength(1);
    expect(sandbox.sent[0]).toMatchObject({ apiVersion: 'v1.0', action, onlineMeetingId: danasMeeting.id });
    expect(sandbox.sent[0]?.body).toStrictEqual({
      attendees: [{ phoneNumber: '+13129224122', timeZone: 'Pacific Standard Time' }],
      ...kindField,
    });
  });

  it("passes the organizer's language to Graph and honours GRAPH_API_VERSION", async () => {
    await client({ apiVersion: 'beta' }).send(
      { onlineMeetingId: danasMeeting.id, kind: 'confirmation', attendees: [attendee] },
      { ...asDana, locale: 'es-US' },
    );
    expect(sandbox.sent[0]).toMatchObject({ apiVersion: 'beta', acceptLanguage: 'es-US' });
  });

  it('can send for an organizer by id with an application token (/users/{id}/…)', async () => {
    const appToken = tokenFor('app-service-principal', { scp: '', roles: ['VirtualAppointmentNotification.Send'] });
    const result = await client().send(
      { onlineMeetingId: danasMeeting.id, kind: 'reminder', attendees: [attendee] },
      { accessToken: appToken, organizerId: dana.id },
    );
    expect(result.ok).toBe(true);
    expect(sandbox.graphCalls()[0]?.path).toBe(
      `/v1.0/users/${dana.id}/onlineMeetings/${encodeURIComponent(danasMeeting.id)}/sendVirtualAppointmentReminderSms`,
    );
  });
});

describe('when Graph throttles or fails', () => {
  const send = (graph = client()) => graph.send({ onlineMeetingId: danasMeeting.id, kind: 'confirmation', attendees: [attendee] }, asDana);

  it('waits out a 429 with a fractional Retry-After and then succeeds', async () => {
    sandbox.injectFault({ type: 'status', status: 429, retryAfter: '0.2', match: 'sendVirtualAppointmentSms' });
    const result = await send();
    expect(result.ok).toBe(true);
    expect(sandbox.graphCalls().map((call) => call.status)).toEqual([429, 202]);
    expect(sandbox.sent).toHaveLength(1);
  });

  it('gives up after three 503s with a typed "unavailable" outcome and sends nothing', async () => {
    sandbox.injectFault({ type: 'status', status: 503, retryAfter: '0.05', times: 3 });
    const result = await send();
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', status: 503 } });
    expect(sandbox.graphCalls()).toHaveLength(3);
    expect(sandbox.sent).toHaveLength(0);
  });

  it('does not wait longer than its budget: a long Retry-After ends the retries at once', async () => {
    sandbox.injectFault({ type: 'status', status: 429, retryAfter: '120' });
    const result = await send(client({ maxTotalWaitSeconds: 5 }));
    expect(result).toMatchObject({ ok: false, error: { kind: 'throttled', retryAfterSeconds: 120, code: 'TooManyRequests' } });
    expect(sandbox.graphCalls()).toHaveLength(1);
  });

  it("maps 400, 403 and 404 to distinct outcomes that keep Graph's code and request-id", async () => {
    const unlicensed = await client().send(
      { onlineMeetingId: samsMeeting.id, kind: 'confirmation', attendees: [attendee] },
      { accessToken: tokenFor(sam.id) },
    );
    const unknownMeeting = await client().send(
      { onlineMeetingId: 'MSpub3RhLW1lZXRpbmc=', kind: 'confirmation', attendees: [attendee] },
      asDana,
    );
    sandbox.injectFault({ type: 'status', status: 400, code: 'BadRequest' });
    const malformed = await send();

    const requestIds = sandbox.graphCalls().map((call) => call.requestId);
    expect(unlicensed).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', status: 403, code: 'Forbidden', requestId: requestIds[0] },
    });
    expect(unknownMeeting).toMatchObject({
      ok: false,
      error: { kind: 'meetingNotFound', status: 404, code: 'NotFound', requestId: requestIds[1] },
    });
    expect(malformed).toMatchObject({
      ok: false,
      error: { kind: 'badRequest', status: 400, code: 'BadRequest', requestId: requestIds[2] },
    });
    expect(sandbox.sent).toHaveLength(0);
  });

  it('reports a rejected token as "unauthorized"', async () => {
    const expired = { accessToken: tokenFor(dana.id, { exp: Math.floor(Date.now() / 1000) - 60 }) };
    const result = await client().send({ onlineMeetingId: danasMeeting.id, kind: 'confirmation', attendees: [attendee] }, expired);
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized', status: 401, code: 'InvalidAuthenticationToken' } });
  });

  it('never repeats a send whose connection dropped in flight: the outcome is "uncertain"', async () => {
    sandbox.injectFault({ type: 'drop', match: 'sendVirtualAppointmentSms' });
    const result = await send();
    expect(result).toMatchObject({ ok: false, error: { kind: 'uncertain' } });
    expect(sandbox.graphCalls()).toHaveLength(1);
  });

  it('treats a send that outlives its time limit as "uncertain" too: Graph may still deliver it', async () => {
    sandbox.injectFault({ type: 'delay', ms: 600, match: 'sendVirtualAppointmentSms' });
    const result = await send(client({ attemptTimeoutMs: 200 }));
    expect(result).toMatchObject({ ok: false, error: { kind: 'uncertain' } });
    await until(() => sandbox.sent.length === 1);
    expect(sandbox.graphCalls()).toHaveLength(1);
  });

  it('retries a look-up whose connection dropped, since reading twice is harmless', async () => {
    sandbox.injectFault({ type: 'drop', match: 'getVirtualAppointmentJoinWebUrl' });
    const result = await client().getAttendeeJoinUrl(danasMeeting.id, asDana);
    expect(result).toEqual({ ok: true, value: danasMeeting.attendeeJoinWebUrl });
    expect(sandbox.graphCalls()).toHaveLength(2);
  });

  it('says Graph could not be reached when nothing listens, and retried before saying so', async () => {
    const stopped = await startGraphSandbox();
    const url = stopped.url;
    await stopped.stop();
    const result = await new GraphSmsClient({ baseUrl: url, apiVersion: 'v1.0', baseDelaySeconds: 0.01 }).send(
      { onlineMeetingId: danasMeeting.id, kind: 'confirmation', attendees: [attendee] },
      asDana,
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', code: 'ECONNREFUSED' } });
  });
});

describe('finding the meeting', () => {
  it('finds the Graph meeting id from a Teams join link', async () => {
    expect(await client().findMeetingIdByJoinUrl(danasMeeting.joinWebUrl, asDana)).toEqual({ ok: true, value: danasMeeting.id });
    expect(await client().findMeetingIdByJoinUrl('https://teams.microsoft.com/l/meetup-join/unknown', asDana)).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('gets the link an external attendee joins with', async () => {
    expect(await client().getAttendeeJoinUrl(danasMeeting.id, asDana)).toEqual({ ok: true, value: danasMeeting.attendeeJoinWebUrl });
  });
});
