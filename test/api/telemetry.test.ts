/**
 * What an operator's collector and Application Insights receive: the app as its own process
 * exports over OTLP and through the Azure Monitor distro, both switched on by configuration, to
 * receivers on 127.0.0.1. Its stop flushes every span and metric, so the test reads them after the
 * stop (no waiting on export intervals).
 */
import { dana, danasMeeting, sam, samsMeeting } from '../support/graphSandbox';
import { AppInsightsReceiver, OtlpReceiver, type ReceivedSpan } from '../support/telemetryReceivers';
import { startProcessStack, type ProcessStack } from '../support/processStack';
import { chatMessage, deliver } from '../support/teamsActivities';

const receiver = new OtlpReceiver();
const appInsights = new AppInsightsReceiver();
let stack: ProcessStack;
const tokens: string[] = [];

const NUMBER = '+13129224122';
const MISTYPED = '+1312922412';

async function send(oid: string, meetingId: string, phoneNumbers: string[], messageType = 'confirmation'): Promise<number> {
  const token = await stack.entra.issueUserToken({ oid });
  tokens.push(token);
  const response = await fetch(`${stack.app.url}/api/me/onlineMeetings/${encodeURIComponent(meetingId)}/sendVirtualAppointmentSms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ attendees: phoneNumbers.map((phoneNumber) => ({ phoneNumber })), messageType }),
  });
  return response.status;
}

const spanNamed = (name: string) => receiver.spans.filter((span) => span.name === name);
const childrenOf = (parent: ReceivedSpan) => receiver.spans.filter((span) => span.parentSpanId === parent.spanId);

beforeAll(async () => {
  stack = await startProcessStack({
    OTEL_EXPORTER_OTLP_ENDPOINT: await receiver.start(),
    APPLICATIONINSIGHTS_CONNECTION_STRING: await appInsights.start(),
    // The distro's own usage reports go to Microsoft, which this machine cannot reach.
    APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
    TEXT_CAP_PER_DAY: '1',
  });
  // Sam has no Teams Premium: Graph answers 403 (and the text does not count against the cap).
  expect(await send(sam.id, samsMeeting.id, [NUMBER])).toBe(403);
  expect(await send(dana.id, danasMeeting.id, [NUMBER])).toBe(202);
  expect(await send(dana.id, danasMeeting.id, [MISTYPED])).toBe(400);
  expect(await send(dana.id, danasMeeting.id, [NUMBER], 'reschedule')).toBe(400);
  stack.graph.injectFault({ type: 'status', status: 429, retryAfter: '600', match: 'sendVirtualAppointmentSms' });
  expect(await send(dana.id, danasMeeting.id, ['+14155550133'])).toBe(429);
  // The bot answers in the appointment's chat through the Teams connector.
  const help = chatMessage(stack, danasMeeting, { aadObjectId: dana.id, name: dana.displayName }, 'help');
  expect((await deliver(stack, help)).status).toBe(200);
  await stack.app.stop();
}, 60_000);
afterAll(async () => {
  await stack.stop();
  await receiver.stop();
  await appInsights.stop();
});

describe('traces an operator can follow', () => {
  it('has a span per inbound request named by its route, with the calls it made to Entra and Graph inside it', () => {
    const sends = spanNamed('POST /api/me/onlineMeetings/:onlineMeetingId/sendVirtualAppointmentSms');
    expect(sends.map((span) => span.attributes['http.response.status_code'])).toEqual([403, 202, 400, 400, 429]);
    const calls = childrenOf(sends[1]);
    expect(calls.map((span) => span.attributes['peer.service'])).toEqual(expect.arrayContaining(['Microsoft Entra ID', 'Graph']));
    const graphSend = calls.find((span) => String(span.attributes['url.template']).endsWith('/sendVirtualAppointmentSms'));
    expect(graphSend).toMatchObject({
      name: 'POST Graph',
      attributes: { 'http.response.status_code': 202, 'http.request.method': 'POST' },
    });
    expect(graphSend?.attributes['url.template']).toMatch(/^\/v1\.0\/(\{id\}|[A-Za-z]+)(\/(\{id\}|[A-Za-z]+))*$/);
  });

  it("has the bot's turn, with its reply through the Teams connector inside it", () => {
    const [turn] = spanNamed('POST /api/messages');
    expect(turn?.attributes['http.response.status_code']).toBe(200);
    const replies = receiver.spans.filter((span) => span.traceId === turn?.traceId && span.attributes['peer.service'] === 'Teams');
    expect(replies.map((span) => [span.name, span.attributes['url.template']])).toContainEqual([
      'POST Teams',
      '/v3/conversations/{id}/activities/{id}',
    ]);
  });
});

describe('metrics an operator can alert on', () => {
  it('counts sends by kind, status and reason, and texts by outcome', () => {
    expect(receiver.latest('appointment_sms.sends').map((point) => [point.attributes, point.value])).toEqual(
      expect.arrayContaining([
        [{ 'sms.kind': 'confirmation', 'sms.status': 'sent' }, 1],
        [{ 'sms.kind': 'confirmation', 'sms.status': 'refused', 'sms.reason': 'phoneNumber' }, 1],
        [{ 'sms.kind': 'confirmation', 'sms.status': 'failed', 'sms.reason': 'forbidden' }, 1],
        [{ 'sms.kind': 'confirmation', 'sms.status': 'failed', 'sms.reason': 'throttled' }, 1],
        [{ 'sms.kind': 'reschedule', 'sms.status': 'refused', 'sms.reason': 'capReached' }, 1],
      ]),
    );
    const texts = receiver
      .latest('appointment_sms.texts')
      .map((point) => [point.attributes['sms.kind'], point.attributes['sms.outcome'], point.value]);
    expect(texts).toEqual(
      expect.arrayContaining([
        ['confirmation', 'accepted', 1],
        ['confirmation', 'refused', 1],
        ['confirmation', 'notSent', 2],
        ['reschedule', 'refused', 1],
      ]),
    );
  });

  it("counts Graph's 403s and 429s by reason, and times every call and request", () => {
    expect(receiver.latest('appointment_sms.graph.failures').map((point) => point.attributes)).toEqual(
      expect.arrayContaining([
        { 'graph.failure.reason': 'forbidden', 'http.response.status_code': 403 },
        { 'graph.failure.reason': 'throttled', 'http.response.status_code': 429 },
      ]),
    );
    const graphCalls = receiver.latest('http.client.request.duration').filter((point) => point.attributes['peer.service'] === 'Graph');
    expect(graphCalls.map((point) => point.attributes['http.response.status_code'])).toEqual(expect.arrayContaining([202, 403, 429]));
    expect(receiver.latest('http.server.request.duration').map((point) => point.attributes['http.route'])).toContain(
      '/api/me/onlineMeetings/:onlineMeetingId/sendVirtualAppointmentSms',
    );
  });

  it('says how many texts wait in the schedule', () => {
    expect(receiver.latest('appointment_sms.texts.waiting').map((point) => [point.attributes['sms.waiting.why'], point.value])).toEqual([
      ['held', 0],
      ['reminder', 0],
    ]);
  });
});

describe('in Application Insights', () => {
  it("shows each request, the calls it made to Graph and Entra, and the app's metrics", () => {
    const requests = appInsights.itemsOf('Request').map((item) => [item.data.baseData.name, item.data.baseData.responseCode]);
    expect(requests).toEqual(
      expect.arrayContaining([
        ['POST /api/me/onlineMeetings/:onlineMeetingId/sendVirtualAppointmentSms', '202'],
        ['POST /api/me/onlineMeetings/:onlineMeetingId/sendVirtualAppointmentSms', '403'],
      ]),
    );
    const calls = appInsights.itemsOf('RemoteDependency').map((item) => item.data.baseData.name);
    expect(calls).toEqual(expect.arrayContaining(['POST Graph', 'POST Microsoft Entra ID']));
    const metrics = appInsights.itemsOf('Metric').flatMap((item) => item.data.baseData.metrics?.map((metric) => metric.name) ?? []);
    expect(metrics).toEqual(expect.arrayContaining(['appointment_sms.sends', 'appointment_sms.texts', 'appointment_sms.graph.failures']));
  });
});

describe('nothing personal leaves the app', () => {
  it.each([
    ['the OTLP collector', () => receiver.raw],
    ['Application Insights', () => appInsights.raw],
  ])('sends %s no phone number, token, person, meeting or free-text reason', (_where, raw) => {
    const exported = raw().join('\n');
    expect(raw().length).toBeGreaterThan(0);
    for (const number of [NUMBER, MISTYPED, '+14155550133']) expect(exported).not.toContain(number.slice(2));
    for (const token of tokens) expect(exported).not.toContain(token.split('.')[1]);
    // No JWT at all (the Graph tokens the app obtained included).
    expect(exported).not.toMatch(/eyJ[\w-]{10,}/);
    for (const id of [dana.id, sam.id, danasMeeting.id, samsMeeting.id]) expect(exported).not.toContain(id);
    expect(exported).not.toMatch(/not a valid|Teams Premium|try again/i);
  });
});
