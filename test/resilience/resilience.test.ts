import fc from 'fast-check';
import { dana, danasMeeting } from '../support/graphSandbox';
import { useStack, type Stack } from '../support/stack';
import { cardAction, deliver, type ChatUser } from '../support/teamsActivities';

/**
 * When the world misbehaves, the app keeps serving, says what happened, keeps an audit record of
 * every attempt and never texts anyone twice. `npm run test:resilience` runs this file alone;
 * `npm test` runs it too, at this size.
 */
// A short Graph time limit, so a Graph that hangs is met within the test.
const stackNow = useStack({ GRAPH_TIMEOUT_SECONDS: '2' });
let stack: Stack;
beforeAll(() => {
  stack = stackNow();
});

const organizer: ChatUser = { aadObjectId: dana.id, name: dana.displayName };
const meetingPath = `/api/me/onlineMeetings/${encodeURIComponent(danasMeeting.id)}`;

async function send(token: string, key: string, phoneNumber = '+13129224122') {
  const response = await fetch(`${stack.app.url}${meetingPath}/sendVirtualAppointmentSms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify({ attendees: [{ phoneNumber }], messageType: 'confirmation' }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as { error?: { code: string; message: string }; status?: string },
  };
}

async function history(token: string) {
  const response = await fetch(`${stack.app.url}${meetingPath}/notifications?$top=100`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { value: Array<{ status: string; state: string }> }).value;
}

const stillServing = async () => expect((await fetch(`${stack.app.url}/healthz`)).status).toBe(200);

describe('a Graph 429 storm', () => {
  it('answers all 20 concurrent sends with 429 + Retry-After, records each, and texts each once when retried after the storm', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    const before = (await history(token)).length;
    // More 429s than the Graph client's retries can use up: every send meets the storm.
    stack.graph.injectFault({ type: 'status', status: 429, retryAfter: '0.05', times: 10_000, match: 'sendVirtualAppointmentSms' });
    const sendAll = () => Promise.all(Array.from({ length: 20 }, (_, i) => send(token, `storm-${i}`, `+1312555${String(1000 + i)}`)));
    const throttled = await sendAll();

    expect(throttled.map((answer) => answer.status)).toEqual(Array(20).fill(429));
    expect(throttled.every((answer) => Number(answer.retryAfter) >= 1)).toBe(true);
    expect(throttled.every((answer) => answer.body.error?.code === 'throttled')).toBe(true);
    expect(stack.graph.sent).toHaveLength(0);
    expect((await history(token)).length - before).toBe(20);

    stack.graph.reset();
    const retried = await sendAll();
    expect(retried.map((answer) => answer.status)).toEqual(Array(20).fill(202));
    expect(stack.graph.sent).toHaveLength(20);
    expect((await sendAll()).map((answer) => answer.status)).toEqual(Array(20).fill(202));
    expect(stack.graph.sent).toHaveLength(20);
    await stillServing();
  });
});

describe('many organizers sending at once', () => {
  it('opens at most 16 connections to Entra and to Graph, and sends every text once', async () => {
    stack.graph.reset();
    stack.entra.connections.reset();
    // Each sign-in is its own token, so each first send is its own on-behalf-of exchange with Entra.
    const tokens = await Promise.all(
      Array.from({ length: 60 }, (_, i) => stack.entra.issueUserToken({ oid: dana.id, expiresInSeconds: 3600 - i })),
    );
    // Graph answers slowly, so sends pile up at the app's door to Graph.
    stack.graph.injectFault({ type: 'delay', ms: 200, times: 60, match: 'sendVirtualAppointmentSms' });
    const answers = await Promise.all(tokens.map((token, i) => send(token, `crowd-${i}`, `+1312555${String(2000 + i)}`)));

    expect(answers.map((answer) => answer.status)).toEqual(Array(60).fill(202));
    expect(stack.graph.sent).toHaveLength(60);
    // Opened while the crowd was in: those kept from earlier requests are reused, not counted.
    expect(stack.entra.connections.opened).toBeLessThanOrEqual(16);
    expect(stack.graph.connections.opened).toBeLessThanOrEqual(16);
    expect(stack.graph.connections.mostAtOnce).toBeGreaterThan(1);
  });
});

describe('more sends at once than connections to a slow Graph', () => {
  it('says "unknown" only of sends that reached Graph: one still waiting for a connection when its time ran out sent nothing', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id, expiresInSeconds: 1800 });
    stack.graph.reset();
    // 1.5 s a text, inside the 2 s limit: 16 connections carry 16 at a time, so the third 16 wait past it.
    stack.graph.injectFault({ type: 'delay', ms: 1500, times: 200, match: 'sendVirtualAppointmentSms' });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => send(token, `queued-${i}`, `+1312555${String(3000 + i)}`)));
    // The texts whose answers came too late still land.
    await stack.graph.idle();

    const reachedGraph = stack.graph.arrivals.filter((path) => path.endsWith('sendVirtualAppointmentSms')).length;
    const accepted = answers.filter((answer) => answer.status === 202).length;
    const unknown = answers.filter((answer) => answer.body.error?.code === 'outcomeUnknown').length;
    expect(unknown).toBeGreaterThan(0);
    expect(unknown).toBeLessThanOrEqual(reachedGraph - accepted);
    const texted = stack.graph.sent.map((sms) => JSON.stringify(sms.body.attendees));
    expect(new Set(texted).size).toBe(texted.length);
  });
});

describe('Graph failing and then recovering', () => {
  it('says Graph is unavailable, records it, and sends exactly once when the same submit is retried after recovery', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    stack.graph.injectFault({ type: 'status', status: 503, retryAfter: '0.01', times: 3 });
    const down = await send(token, 'recover-1');
    expect(down).toMatchObject({
      status: 503,
      body: { error: { code: 'graphUnavailable', message: expect.stringContaining('Nothing was sent') } },
    });
    expect((await send(token, 'recover-1')).status).toBe(202);
    expect((await send(token, 'recover-1')).status).toBe(202);
    expect(stack.graph.sent).toHaveLength(1);
  });

  it('never repeats a send whose connection dropped: the same submit gets the same "unknown" answer', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    stack.graph.injectFault({ type: 'drop', match: 'sendVirtualAppointmentSms' });
    const lost = await send(token, 'dropped-1');
    const again = await send(token, 'dropped-1');
    expect(lost).toMatchObject({ status: 502, body: { error: { code: 'outcomeUnknown' } } });
    expect(again).toMatchObject({ status: 502, body: { error: { code: 'outcomeUnknown' } } });
    expect(stack.graph.arrivals.filter((path) => path.endsWith('sendVirtualAppointmentSms'))).toHaveLength(1);
    expect((await history(token))[0]).toMatchObject({ status: 'uncertain' });
  });
});

describe('Graph hanging', () => {
  it('gives up after the time limit, says the outcome is unknown, and never sends that submit again', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    stack.graph.injectFault({ type: 'delay', ms: 4000, match: 'sendVirtualAppointmentSms' });
    const late = await send(token, 'hanging-1');
    expect(late).toMatchObject({ status: 502, body: { error: { code: 'outcomeUnknown', message: expect.stringContaining('may') } } });
    const again = await send(token, 'hanging-1');
    expect(again).toMatchObject({ status: 502, body: { error: { code: 'outcomeUnknown' } } });
    expect(stack.graph.arrivals.filter((path) => path.endsWith('sendVirtualAppointmentSms'))).toHaveLength(1);
    expect((await history(token))[0]).toMatchObject({ status: 'uncertain' });
    await stillServing();
  });
});

describe('activities and bodies that are not what they claim', () => {
  it.each([
    ['not JSON', 400, '{"type": "message", '],
    ['JSON without a type', 400, '{"text":"help"}'],
    ['over 64 KiB', 413, JSON.stringify({ type: 'message', text: 'x'.repeat(70_000) })],
  ])('answers an activity that is %s with %i and keeps serving', async (_case, status, body) => {
    const response = await fetch(`${stack.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.teams.tokenFor(stack.config.bot.id!)}` },
      body,
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(10);
    await stillServing();
  });

  it('answers any card submit a client could make with a card, never an error, and only ever sends valid bodies to Graph', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('+13129224122', '(415) 555-0133', '+1242421412', 'reminder', 'Pacific Standard Time', ''),
    );
    const anything = fc.record(
      {
        cardId: fc.uuid(),
        savedNumbers: text,
        extraNumbers: text,
        kind: fc.oneof(text, fc.constantFrom('confirmation', 'cancel', 'mins15')),
        timeZone: text,
      },
      { requiredKeys: ['cardId'] },
    );
    // Half the submits are ones the organizer could rightly make, so Graph is reached and its checks apply.
    const sendable = fc.record({
      cardId: fc.uuid(),
      extraNumbers: fc
        .subarray(['+13129224122', '(415) 555-0133', '312.555.0199', '+1 646 555 0100'], { minLength: 1 })
        .map((list) => list.join(', ')),
      kind: fc.constantFrom('confirmation', 'reschedule', 'cancellation', 'reminder'),
      timeZone: fc.constantFrom('', 'Pacific Standard Time', 'Eastern Standard Time'),
    });
    const data = fc.oneof(anything, sendable);
    const graphSendsBefore = stack.graph.graphCalls('sendVirtualAppointment').length;
    await fc.assert(
      fc.asyncProperty(data, async (submitted) => {
        const answer = await deliver(stack, cardAction(stack, danasMeeting, organizer, { verb: 'send', data: submitted, token }));
        expect(answer.status).toBe(200);
        expect(answer.body?.statusCode).toBe(200);
        expect(answer.body?.type).toBe('application/vnd.microsoft.card.adaptive');
      }),
      { numRuns: 40 },
    );
    const graphSends = stack.graph.graphCalls('sendVirtualAppointment').slice(graphSendsBefore);
    expect(graphSends.length).toBeGreaterThan(5);
    expect(graphSends.filter((request) => request.status !== 202)).toEqual([]);
    await stillServing();
  });
});

describe('Entra unreachable', () => {
  it('says the identity service is unavailable, sends nothing, records it, and sends once Entra is back', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id, expiresInSeconds: 600 });
    await stack.entra.stop();
    let down;
    try {
      down = await send(token, 'entra-down', '+13125550177');
    } finally {
      await stack.entra.start();
    }
    expect(down).toMatchObject({
      status: 503,
      body: { error: { code: 'identityUnavailable', message: expect.stringContaining('Nothing was sent') } },
    });
    expect(stack.graph.graphCalls()).toHaveLength(0);
    expect((await history(token))[0]).toMatchObject({ status: 'failed' });
    expect((await send(token, 'entra-down', '+13125550177')).status).toBe(202);
    expect(stack.graph.sent).toHaveLength(1);
  });
});

describe('Entra behind a proxy that answers with its own error page', () => {
  it('says the identity service is unavailable, sends nothing, and sends once Entra answers again', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id, expiresInSeconds: 900 });
    stack.graph.reset();
    // More pages than any retry of msal's can use up.
    stack.entra.answerTokensWithProxyPage(5);
    const down = await send(token, 'entra-proxy-page', '+13125550178');
    expect(down).toMatchObject({
      status: 503,
      body: { error: { code: 'identityUnavailable', message: expect.stringContaining('Nothing was sent') } },
    });
    expect(stack.graph.graphCalls()).toHaveLength(0);

    stack.entra.answerTokensWithProxyPage(0);
    expect((await send(token, 'entra-proxy-page', '+13125550178')).status).toBe(202);
    expect(stack.graph.sent).toHaveLength(1);
  });
});

describe('storage unavailable (Azure Blob, Azurite stopped, then back)', () => {
  it('sends nothing it cannot record, says so, reports not-ready, keeps serving, and sends once storage is back', async () => {
    const { startAzurite } = await import('../../dev/storage/azurite');
    const { startStack } = await import('../support/stack');
    const azurite = await startAzurite({ onDisk: true });
    const blobStack = await startStack({ STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString });
    try {
      const token = await blobStack.entra.issueUserToken({ oid: dana.id });
      const post = () =>
        fetch(`${blobStack.app.url}${meetingPath}/sendVirtualAppointmentSms`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'storage-1' },
          body: JSON.stringify({ attendees: [{ phoneNumber: '+13125550166' }], messageType: 'confirmation' }),
        });
      await azurite.stop();
      const down = await post();
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        error: { code: 'storageUnavailable', message: expect.stringContaining('Nothing was sent') },
      });
      expect(blobStack.graph.graphCalls()).toHaveLength(0);
      expect((await fetch(`${blobStack.app.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${blobStack.app.url}/healthz`)).status).toBe(200);

      await azurite.restart();
      const back = await post();
      expect(back.status).toBe(202);
      expect(blobStack.graph.sent).toHaveLength(1);
      expect((await fetch(`${blobStack.app.url}/readyz`)).status).toBe(200);
      const repeat = await post();
      expect(await repeat.json()).toMatchObject({ status: 'sent', repeat: true });
      expect(blobStack.graph.sent).toHaveLength(1);
    } finally {
      await blobStack.stop();
      await azurite.stop();
    }
  }, 60_000);
});
