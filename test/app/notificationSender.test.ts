import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { NotificationSender } from '../../src/app/NotificationSender';
import { GraphSmsClient } from '../../src/graph/GraphSmsClient';
import { sendRequestFor } from '../../src/domain/sendPolicy';
import { DoNotTextList } from '../../src/app/DoNotTextList';
import { openSqlite } from '../../src/store/sqlite/openSqlite';
import { SqliteStorage } from '../../src/store/sqlite/SqliteStorage';
import { SqliteSendLedger } from '../../src/store/sqlite/SqliteSendLedger';
import { dana, danasMeeting, startGraphSandbox, tokenFor } from '../support/graphSandbox';

let sandbox: GraphSandbox;
let sender: NotificationSender;
const caller = { oid: dana.id, tenantId: 'b3cdf1c8-024a-49e2-a994-f67f830b02f3', graphToken: async () => ({ ok: true as const, accessToken: tokenFor(dana.id) }) };

beforeAll(async () => {
  sandbox = await startGraphSandbox();
  const db = openSqlite(':memory:');
  sender = new NotificationSender({
    graph: new GraphSmsClient({ baseUrl: sandbox.url, apiVersion: 'v1.0' }),
    ledger: new SqliteSendLedger(db),
    doNotText: new DoNotTextList(new SqliteStorage(db), (number) => `hash(${number})`),
    hashNumber: (number) => `hash(${number})`,
    now: () => new Date('2026-11-24T15:00:00Z'),
  });
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

describe('texting an appointment\'s attendees', () => {
  it('with the seed\'s two numbers: one is fine, one is refused with its reason, and nothing is sent', async () => {
    const receipt = await sender.send({
      onlineMeetingId: danasMeeting.id,
      request: sendRequestFor(['+13129224122', '+1242421412'], 'confirmation'),
      sender: caller,
    });

    expect(receipt.status).toBe('refused');
    expect(receipt.numbers).toEqual([
      { input: '+13129224122', masked: '+1312•••4122', outcome: 'notSent' },
      { input: '+1242421412', masked: '+124•••1412', outcome: 'refused', reason: expect.stringContaining('9 digits after +1') },
    ]);
    expect(sandbox.graphCalls()).toHaveLength(0);
  });

  it('sends once to each distinct number and says which entries were duplicates', async () => {
    const receipt = await sender.send({
      onlineMeetingId: danasMeeting.id,
      request: sendRequestFor(['+13129224122', '(312) 922-4122', '415-555-0133'], 'reminder', 'America/Los_Angeles'),
      sender: caller,
    });

    expect(receipt).toMatchObject({ status: 'sent', kind: 'reminder', timeZone: 'Pacific Standard Time', at: '2026-11-24T15:00:00.000Z' });
    expect(receipt.numbers.map((line) => line.outcome)).toEqual(['accepted', 'duplicate', 'accepted']);
    expect(receipt.graphRequestId).toBe(sandbox.sent[0]?.requestId);
    expect(sandbox.sent[0]?.body).toStrictEqual({
      attendees: [
        { phoneNumber: '+13129224122', timeZone: 'Pacific Standard Time' },
        { phoneNumber: '+14155550133', timeZone: 'Pacific Standard Time' },
      ],
      remindBeforeTimeInMinutesType: 'mins15',
    });
  });

  it('turns a Graph refusal into a receipt that says nothing was sent and why', async () => {
    sandbox.injectFault({ type: 'status', status: 403, code: 'Forbidden' });
    const receipt = await sender.send({ onlineMeetingId: danasMeeting.id, request: sendRequestFor(['+13129224122'], 'cancel'), sender: caller });
    expect(receipt).toMatchObject({
      status: 'failed',
      failure: { reason: 'forbidden', code: 'Forbidden', message: expect.stringContaining('Teams Premium') },
      numbers: [{ outcome: 'notSent' }],
    });
  });
});
