import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import type { NotificationSender } from '../../src/app/notificationSender';
import { sendRequestFor } from '../../src/domain/sendPolicy';
import { useCasesOn } from '../support/useCases';
import { THIS_PROCESS } from '../../src/app/sendOwners';
import { newestFirstId, type SendLedger, type SendRecord } from '../../src/store/sendLedger';
import { dana, danasMeeting, startGraphSandbox, danaSignedIn } from '../support/graphSandbox';

let sandbox: GraphSandbox;
let sender: NotificationSender;
let ledger: SendLedger;
const caller = danaSignedIn;

beforeAll(async () => {
  sandbox = await startGraphSandbox();
  ({ sender, ledger } = useCasesOn(sandbox, { now: () => new Date('2026-11-24T15:00:00Z') }));
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

describe("texting an appointment's attendees", () => {
  it("with the seed's two numbers: one is fine, one is refused with its reason, and nothing is sent", async () => {
    const receipt = await sender.send({
      onlineMeetingId: danasMeeting.id,
      request: sendRequestFor(['+13129224122', '+1242421412'], 'confirmation'),
      organizer: caller,
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
      organizer: caller,
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
    sandbox.injectFault({ type: 'status', status: 403, code: 'Forbidden', match: 'sendVirtualAppointment' });
    const receipt = await sender.send({
      onlineMeetingId: danasMeeting.id,
      request: sendRequestFor(['+13129224122'], 'cancel'),
      organizer: caller,
    });
    expect(receipt).toMatchObject({
      status: 'failed',
      failure: { reason: 'forbidden', code: 'Forbidden', message: expect.stringContaining('Teams Premium') },
      numbers: [{ outcome: 'notSent' }],
    });
  });
});

describe('a send whose owner stopped', () => {
  const pendingRecord = (key: string, overrides: Partial<SendRecord>): SendRecord => ({
    id: newestFirstId(new Date('2026-11-24T14:59:00Z'), key),
    key,
    meetingId: danasMeeting.id,
    organizerId: dana.id,
    kind: 'confirmation',
    maskedNumbers: ['+1312•••4122'],
    numberHashes: ['h'],
    state: 'pending',
    createdAt: '2026-11-24T14:59:00Z',
    updatedAt: '2026-11-24T14:59:00Z',
    ...overrides,
  });

  it('is settled as "unknown" once past its deadline, or at once when its process is gone; a live one is left alone', async () => {
    const elsewhere = { host: 'another-instance', pid: 4242, instance: 'b' };
    await ledger.claim(pendingRecord('past-deadline', { owner: elsewhere, deadline: '2026-11-24T14:59:59Z' }));
    await ledger.claim(pendingRecord('before-deadline', { owner: elsewhere, deadline: '2026-11-24T15:01:00Z' }));
    await ledger.claim(
      pendingRecord('dead-process', { owner: { ...THIS_PROCESS, instance: 'an earlier start' }, deadline: '2026-11-24T15:01:00Z' }),
    );
    await ledger.claim(pendingRecord('this-process', { owner: THIS_PROCESS, deadline: '2026-11-24T15:01:00Z' }));

    expect(await sender.settleAbandoned()).toBe(2);

    const states = Object.fromEntries(
      (await ledger.history(danasMeeting.id, { limit: 100 })).records.map((record) => [record.key, record.state]),
    );
    expect(states).toMatchObject({
      'past-deadline': 'unknown',
      'dead-process': 'unknown',
      'before-deadline': 'pending',
      'this-process': 'pending',
    });
    const settled = (await ledger.history(danasMeeting.id, { limit: 100 })).records.find((record) => record.key === 'past-deadline');
    expect(settled?.receipt).toMatchObject({
      status: 'uncertain',
      failure: { reason: 'interrupted' },
      numbers: [{ masked: '+1312•••4122', outcome: 'unknown' }],
    });
  });
});
