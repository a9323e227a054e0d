import { CATALOG } from '../../src/domain/messages';
/**
 * The nudge when nobody joins, as a use case over an injected clock: a started appointment with
 * saved numbers waits for the delay; anyone but the organizer joining cancels it; due and still
 * waiting, the organizer is asked once.
 */
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import type { StartedAppointment } from '../../src/app/meetingNudges';
import { dana, danaSignedIn, danasMeeting, startGraphSandbox } from '../support/graphSandbox';
import { useCasesOn } from '../support/useCases';

let sandbox: GraphSandbox;
beforeAll(async () => {
  sandbox = await startGraphSandbox();
});
afterAll(() => sandbox.stop());

const started: StartedAppointment = {
  meetingId: danasMeeting.id,
  organizerId: dana.id,
  tenantId: danaSignedIn.tenantId,
  title: danasMeeting.subject,
  chat: { id: danasMeeting.chatThreadId, organizerUserId: '29:dana' },
};

function appAt(start: string) {
  const clock = { now: new Date(start) };
  return { clock, ...useCasesOn(sandbox, { now: () => clock.now, nudgeAfterMs: 5 * 60_000 }) };
}

describe('the nudge when nobody joins', () => {
  it('asks the organizer once, five minutes after the start, when only they joined', async () => {
    const app = appAt('2026-12-01T15:00:00Z');
    await app.book.add(danasMeeting.id, [{ phoneNumber: '+13129224122' }], CATALOG['en-US']);

    await app.nudges.started(started);
    await app.nudges.started(started);
    await app.nudges.joined(danasMeeting.id, dana.id, [dana.id.toUpperCase()]);
    app.clock.now = new Date('2026-12-01T15:04:59Z');
    await app.scheduled.runDue();
    expect(app.nudgesAsked).toHaveLength(0);
    app.clock.now = new Date('2026-12-01T15:05:01Z');
    await app.scheduled.runDue();
    await app.scheduled.runDue();

    expect(app.nudgesAsked.map((nudge) => nudge.chat)).toEqual([{ ...started.chat, title: danasMeeting.subject }]);
    expect((await app.scheduled.list(dana.id, danasMeeting.id)).map((item) => [item.why, item.state])).toEqual([['nudge', 'done']]);
  });

  it('asks nobody when an attendee joined (a guest from a phone has no Entra id)', async () => {
    const app = appAt('2026-12-01T15:00:00Z');
    await app.book.add(danasMeeting.id, [{ phoneNumber: '+13129224122' }], CATALOG['en-US']);

    await app.nudges.started(started);
    await app.nudges.joined(danasMeeting.id, dana.id, [undefined]);
    app.clock.now = new Date('2026-12-01T15:10:00Z');
    await app.scheduled.runDue();

    expect(app.nudgesAsked).toHaveLength(0);
    expect((await app.scheduled.list(dana.id, danasMeeting.id)).map((item) => item.state)).toEqual(['cancelled']);
  });

  it('does not wait at all for an appointment with no saved numbers: there is nobody to text', async () => {
    const app = appAt('2026-12-01T15:00:00Z');
    await app.nudges.started(started);
    expect(await app.scheduled.list(dana.id)).toEqual([]);
  });
});
