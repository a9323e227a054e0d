import { CATALOG } from '../../src/domain/messages';
/**
 * The day action as a use case, called directly (no HTTP, no bot): the organizer's calendar in the
 * Graph sandbox, the stores in SQLite, time where the test puts it.
 */
import type { GraphSandbox } from '../../dev/graph-sandbox/graphSandbox';
import type { Organizer } from '../../src/domain/organizer';
import { ok } from '../../src/domain/result';
import { toWindowsTimeZone } from '../../src/domain/timeZones';
import { dana, danasMeeting, startGraphSandbox, tokenFor, danaSignedIn } from '../support/graphSandbox';
import { useCasesOn } from '../support/useCases';

let sandbox: GraphSandbox;
beforeAll(async () => {
  sandbox = await startGraphSandbox();
  // 9:00 in Chicago on December 1st: the seeded appointment, in Dana's calendar.
  sandbox.addAppointments(
    [],
    [
      {
        id: 'checkup',
        calendarOf: dana.id,
        subject: danasMeeting.subject,
        start: '2026-12-01T15:00:00Z',
        end: '2026-12-01T15:30:00Z',
        joinUrl: danasMeeting.joinWebUrl,
      },
    ],
  );
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

const organizer = danaSignedIn;
const CLOSE_DEC_1 = { date: '2026-12-01', timeZone: 'America/Chicago', kind: 'cancellation' };

describe('closing a day, as a use case', () => {
  it("texts each appointment's saved numbers once, and records the run at the clock's time", async () => {
    const at = new Date('2026-12-01T12:00:00Z');
    const { book, days, dayLog } = useCasesOn(sandbox, { now: () => at });
    await book.add(danasMeeting.id, [{ phoneNumber: '+13129224122' }], CATALOG['en-US']);

    const first = await days.run(CLOSE_DEC_1, organizer);
    const again = await days.run(CLOSE_DEC_1, organizer);

    expect(first).toMatchObject({ ok: true, value: { state: 'done', startedAt: at.toISOString(), summary: { sent: 1 } } });
    expect(again).toMatchObject({ ok: true, value: { appointments: [{ receipt: { status: 'sent', repeat: true } }] } });
    expect(sandbox.sent).toHaveLength(1);
    expect(await dayLog.list(organizer)).toEqual([expect.objectContaining({ id: '2026-12-01.cancellation', startedAt: at.toISOString() })]);
  });

  it('previews without sending, each number masked with the zone its text will be written in', async () => {
    const { book, days } = useCasesOn(sandbox);
    await book.add(
      danasMeeting.id,
      [{ phoneNumber: '+13129224122', timeZone: toWindowsTimeZone('America/Los_Angeles') }],
      CATALOG['en-US'],
    );

    const preview = await days.preview(CLOSE_DEC_1, organizer);

    expect(preview).toMatchObject({
      ok: true,
      value: { appointments: [{ status: 'ready', numbers: ['+1312•••4122'], timeZones: ['Pacific Standard Time'] }] },
    });
    expect(sandbox.sent).toHaveLength(0);
  });

  it('names every field to fix at once, and reaches neither Graph nor the organizer token', async () => {
    const { days } = useCasesOn(sandbox);
    let tokenAsked = false;
    const watched: Organizer = { ...organizer, graphToken: async () => ((tokenAsked = true), ok(tokenFor(dana.id))) };

    const refused = await days.run({ date: '12/01/2026', timeZone: 'Atlantis', kind: 'party' }, watched);

    expect(refused.ok ? [] : 'problems' in refused.error ? refused.error.problems.map((problem) => problem.field) : []).toEqual([
      'messageType',
      'timeZone',
      'date',
    ]);
    expect(tokenAsked).toBe(false);
    expect(sandbox.graphCalls()).toHaveLength(0);
  });
});
