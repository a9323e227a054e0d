import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/**
 * Held texts and reminders over an injected clock: the sender, the schedule (SQLite) and the
 * Graph sandbox are real; only time is moved. A text held at night goes when the hours open in
 * the attendee's zone, across a DST change; one that came due while no instance ran is sent late
 * or marked missed, as the tenant's policy says.
 */
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import { sendRequestFor } from '../../src/domain/sendPolicy';
import { DEFAULT_TENANT_POLICY, type TenantPolicy } from '../../src/domain/tenantPolicy';
import { dana, danasMeeting, startGraphSandbox, danaSignedIn } from '../support/graphSandbox';
import { useCasesOn } from '../support/useCases';

let sandbox: GraphSandbox;
beforeAll(async () => {
  sandbox = await startGraphSandbox();
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

const TENANT = danaSignedIn.tenantId;

/** The app's parts on one in-memory database, with time standing where the test puts it. */
function appAt(
  start: string,
  policy: TenantPolicy = DEFAULT_TENANT_POLICY,
  appRoles = ['VirtualAppointmentNotification.Send'],
  databasePath?: string,
) {
  const clock = { now: new Date(start) };
  const now = () => clock.now;
  const { scheduled, schedule, sender, policies } = useCasesOn(sandbox, {
    policy,
    now,
    appRoles,
    ...(databasePath ? { databasePath } : {}),
  });
  const organizer = danaSignedIn;
  const ask = (kind: string, zone: string) =>
    sender.send({ onlineMeetingId: danasMeeting.id, request: sendRequestFor(['+13129224122'], kind, zone), organizer });
  return { clock, scheduled, schedule, ask, policies };
}

describe('texts held for the sending hours', () => {
  it('goes when the hours open where the attendee is, across the spring DST change, and not before', async () => {
    // 10 PM in Chicago on Saturday March 7 2026; the clocks go forward that night.
    const app = appAt('2026-03-08T04:00:00Z');
    const held = await app.ask('confirmation', 'Central Standard Time');
    expect(held).toMatchObject({ status: 'held', policy: { heldUntil: '2026-03-08T13:00:00.000Z' } });
    app.clock.now = new Date('2026-03-08T12:59:00Z');
    expect((await app.scheduled.runDue()).settled).toBe(0);
    expect(sandbox.sent).toHaveLength(0);
    app.clock.now = new Date('2026-03-08T13:00:05Z');
    expect((await app.scheduled.runDue()).settled).toBe(1);
    expect(sandbox.sent).toHaveLength(1);
    expect(sandbox.sent[0]?.body).toEqual({
      attendees: [{ phoneNumber: '+13129224122', timeZone: 'Central Standard Time' }],
      messageType: 'confirmation',
    });
    expect((await app.scheduled.runDue()).settled).toBe(0);
    expect((await app.scheduled.list(dana.id))[0]).toMatchObject({ state: 'done', outcome: { status: 'sent' } });
    // Once sent, the schedule keeps no full number (the audit has the masked ones).
    expect((await app.schedule.list(dana.id))[0]).not.toHaveProperty('attendees');
  });

  it('is judged by the policy in force when it comes due: hours narrowed since, it waits for them, and its listing says so', async () => {
    // 10 PM in New York; held until 8:00 under the default hours.
    const app = appAt('2026-11-25T03:00:00Z');
    expect(await app.ask('confirmation', 'Eastern Standard Time')).toMatchObject({ policy: { heldUntil: '2026-11-25T13:00:00.000Z' } });
    // Another instance's admin narrows the hours to 10:00-18:00 (this instance is not told).
    await app.policies.set(TENANT, { ...DEFAULT_TENANT_POLICY, sendingHours: { from: '10:00', to: '18:00' } }, 'admin');
    app.clock.now = new Date('2026-11-25T13:00:05Z');

    await app.scheduled.runDue();

    expect(sandbox.sent).toHaveLength(0);
    const [waiting] = await app.scheduled.list(dana.id);
    expect(waiting).toMatchObject({
      state: 'scheduled',
      dueAt: '2026-11-25T15:00:00.000Z',
      reason: expect.stringContaining('10:00 AM EST'),
    });
    app.clock.now = new Date('2026-11-25T15:00:05Z');
    await app.scheduled.runDue();
    expect(sandbox.sent).toHaveLength(1);
  });

  it('goes at once when an admin opens the hours, and waits longer when they narrow them', async () => {
    const app = appAt('2026-11-25T03:00:00Z');
    await app.ask('confirmation', 'Eastern Standard Time');
    await app.policies.set(TENANT, { ...DEFAULT_TENANT_POLICY, sendingHours: { from: '09:00', to: '17:00' } }, 'admin');
    expect(await app.scheduled.rejudge(TENANT)).toBe(1);
    expect((await app.scheduled.list(dana.id))[0]).toMatchObject({ dueAt: '2026-11-25T14:00:00.000Z' });

    await app.policies.set(TENANT, { ...DEFAULT_TENANT_POLICY, sendingHours: { from: '00:00', to: '24:00' } }, 'admin');
    expect(await app.scheduled.rejudge(TENANT)).toBe(1);
    expect((await app.scheduled.list(dana.id))[0]).toMatchObject({ dueAt: '2026-11-25T03:00:00.000Z' });
    await app.scheduled.runDue();
    expect(sandbox.sent).toHaveLength(1);
  });

  it('came due while no instance ran: sent late by default, marked missed when the tenant says so', async () => {
    for (const whenLate of ['send', 'miss'] as const) {
      sandbox.reset();
      const app = appAt('2026-11-25T03:00:00Z', { ...DEFAULT_TENANT_POLICY, whenLate });
      await app.ask('reschedule', 'Eastern Standard Time');
      // First looked at an hour after it came due (8:00 in New York is 13:00 UTC).
      app.clock.now = new Date('2026-11-25T14:00:00Z');
      await app.scheduled.runDue();
      const [item] = await app.scheduled.list(dana.id);
      if (whenLate === 'send') expect([item?.state, sandbox.sent.length]).toEqual(['done', 1]);
      else {
        expect([item?.state, sandbox.sent.length]).toEqual(['missed', 0]);
        expect(item?.outcome?.message).toContain('while the app was stopped');
      }
    }
  });

  it("fails visibly when the app has no permission of its own: Graph's 403 is the held text's outcome", async () => {
    const app = appAt('2026-11-25T03:00:00Z', DEFAULT_TENANT_POLICY, []);
    await app.ask('confirmation', 'Eastern Standard Time');
    app.clock.now = new Date('2026-11-25T13:00:30Z');
    await app.scheduled.runDue();
    expect(sandbox.sent).toHaveLength(0);
    expect((await app.scheduled.list(dana.id))[0]).toMatchObject({ state: 'done', outcome: { status: 'failed' } });
  });

  it("keeps every instance off Graph for the tenant while Graph's Retry-After runs, then sends each text once", async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'retry-after-')), 'app.db');
    // Two instances on one store: one text opens at 8:00 in New York, one at 8:00 in Los Angeles.
    // 1 AM in New York, 10 PM in Los Angeles: both outside the sending hours.
    const first = appAt('2026-11-25T06:00:00Z', DEFAULT_TENANT_POLICY, undefined, databasePath);
    const second = appAt('2026-11-25T06:00:00Z', DEFAULT_TENANT_POLICY, undefined, databasePath);
    await first.ask('confirmation', 'Eastern Standard Time');
    await first.ask('reschedule', 'Pacific Standard Time');
    // At 8:00 in New York Graph throttles the tenant for a little over three hours.
    sandbox.injectFault({ match: 'sendVirtualAppointmentSms', type: 'status', status: 429, retryAfter: '11000' });
    first.clock.now = new Date('2026-11-25T13:00:05Z');
    await first.scheduled.runDue();
    expect(sandbox.sent).toHaveLength(0);
    expect((await first.scheduled.list(dana.id)).find((item) => item.kind === 'confirmation')).toMatchObject({
      state: 'scheduled',
      dueAt: '2026-11-25T16:03:25.000Z',
      reason: expect.stringContaining('Microsoft Graph asked the app to slow down'),
    });
    // 8:00 in Los Angeles: the other instance's text is due, but the tenant still waits.
    second.clock.now = new Date('2026-11-25T16:00:05Z');
    const callsBefore = sandbox.arrivals.length;
    expect((await second.scheduled.runDue()).settled).toBe(0);
    expect(sandbox.arrivals).toHaveLength(callsBefore);
    // Retry-After over: both go, each once.
    second.clock.now = new Date('2026-11-25T16:03:30Z');
    expect((await second.scheduled.runDue()).settled).toBe(2);
    expect(sandbox.sent.map((sms) => sms.body.messageType).sort()).toEqual(['confirmation', 'reschedule']);
  });

  it('waits and tries again when Graph is unavailable, and goes once when it is back', async () => {
    const app = appAt('2026-11-25T06:00:00Z');
    await app.ask('confirmation', 'Eastern Standard Time');
    // Graph answers 503 to the first call and both retries of it.
    sandbox.injectFault({ match: 'sendVirtualAppointmentSms', type: 'status', status: 503, retryAfter: '0', times: 3 });
    app.clock.now = new Date('2026-11-25T13:00:05Z');
    await app.scheduled.runDue();
    expect(sandbox.sent).toHaveLength(0);
    expect((await app.scheduled.list(dana.id))[0]).toMatchObject({
      state: 'scheduled',
      dueAt: '2026-11-25T13:00:35.000Z',
      reason: expect.stringContaining('It could not go yet'),
    });
    app.clock.now = new Date('2026-11-25T13:00:36Z');
    await app.scheduled.runDue();
    expect(sandbox.sent).toHaveLength(1);
    expect((await app.scheduled.list(dana.id))[0]).toMatchObject({ state: 'done', outcome: { status: 'sent' } });
  });
});
