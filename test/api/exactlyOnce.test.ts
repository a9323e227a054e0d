import { dana, danasMeeting } from '../support/graphSandbox';
import { startAzurite, type Azurite } from '../../dev/storage/azurite';
import { startStack, type Stack } from '../support/stack';

const backends: Array<[string, () => Promise<{ env: Record<string, string>; stop: () => Promise<void> }>]> = [
  ['SQLite', async () => ({ env: {}, stop: async () => {} })],
  [
    'Azure Blob (Azurite)',
    async () => {
      const azurite: Azurite = await startAzurite();
      return { env: { STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString }, stop: () => azurite.stop() };
    },
  ],
];

describe.each(backends)('sending at most once, on %s', (_name, storage) => {
  let stack: Stack;
  let stopStorage: () => Promise<void>;
  beforeAll(async () => {
    const started = await storage();
    stopStorage = started.stop;
    stack = await startStack(started.env);
  });
  afterAll(async () => {
    await stack.stop();
    await stopStorage();
  });
  beforeEach(() => stack.graph.reset());

  const url = (action = 'sendVirtualAppointmentSms') =>
    `${stack.app.url}/api/me/onlineMeetings/${encodeURIComponent(danasMeeting.id)}/${action}`;
  const send = async (body: object, token: string, idempotencyKey?: string) => {
    const response = await fetch(url(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { sendId?: string; repeat?: boolean; status?: string } };
  };

  it('makes exactly one Graph call for 50 concurrent identical submits, and all 50 get its outcome', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    stack.graph.injectFault({ type: 'delay', ms: 300, match: 'sendVirtualAppointmentSms' });
    const body = { attendees: [{ phoneNumber: '+13129224122' }], messageType: 'confirmation' };

    const answers = await Promise.all(Array.from({ length: 50 }, () => send(body, token, 'card-instance-1')));

    expect(stack.graph.graphCalls('sendVirtualAppointmentSms')).toHaveLength(1);
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(202));
    expect(new Set(answers.map((answer) => answer.body.sendId)).size).toBe(1);
    expect(answers.filter((answer) => answer.body.repeat)).toHaveLength(49);
  });

  it('takes an identical request without Idempotency-Key, moments later, as the same submit', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    const body = { attendees: [{ phoneNumber: '+14155550133' }], messageType: 'reschedule' };
    const first = await send(body, token);
    const again = await send(body, token);
    expect(again).toMatchObject({ status: 202, body: { sendId: first.body.sendId, repeat: true } });
    expect(stack.graph.sent).toHaveLength(1);
  });

  it('tries again after a failure that sent nothing, instead of repeating the failure', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    const body = { attendees: [{ phoneNumber: '+12125550100' }], messageType: 'cancellation' };
    stack.graph.injectFault({ type: 'status', status: 403, code: 'Forbidden' });
    expect((await send(body, token, 'card-2')).status).toBe(403);
    expect((await send(body, token, 'card-2')).status).toBe(202);
    expect(stack.graph.sent).toHaveLength(1);
  });

  it('shows every attempt in the history, newest first, with masked numbers only', async () => {
    const token = await stack.entra.issueUserToken({ oid: dana.id });
    await send({ attendees: [{ phoneNumber: '+13125550188' }, { phoneNumber: '+1242421412' }], messageType: 'confirmation' }, token);
    await send({ attendees: [{ phoneNumber: '+13125550188' }], messageType: 'confirmation' }, token, 'card-3');
    const response = await fetch(`${stack.app.url}/api/me/onlineMeetings/${encodeURIComponent(danasMeeting.id)}/notifications?$top=2`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const history = (await response.json()) as {
      value: Array<{ status: string; numbers: Array<{ masked: string; outcome: string; reason?: string }> }>;
      '@odata.nextLink'?: string;
    };

    expect(response.status).toBe(200);
    expect(history.value.map((entry) => entry.status)).toEqual(['sent', 'refused']);
    expect(history.value[1]?.numbers).toEqual([
      { masked: '+1312•••0188', outcome: 'notSent' },
      // The organizer reads what they typed: a masked typo helps nobody fix it.
      { masked: '+124•••1412', typed: '+1242421412', outcome: 'refused', reason: expect.stringContaining('"+1242421412" has 9 digits') },
    ]);
    // A valid number is never kept in full.
    expect(JSON.stringify(history)).not.toContain('+13125550188');
    expect(history['@odata.nextLink']).toContain('$skiptoken=');
    // Absolute, as Graph's are: a client follows it as given.
    expect(history['@odata.nextLink']?.startsWith(`${stack.app.url}/api/me/onlineMeetings/`)).toBe(true);
    const next = await fetch(history['@odata.nextLink']!, { headers: { authorization: `Bearer ${token}` } });
    expect(next.status).toBe(200);
  });
});
