import { CATALOG } from './messages';
import { periodBounds, usageOf, type SendSummary } from './usage';

const sent = (at: string, accepted = 1): SendSummary => ({ at, kind: 'confirmation', status: 'sent', texts: { accepted } });

describe("a tenant's usage over days in the admin's zone", () => {
  it("puts each send on the admin's calendar day, not UTC's", () => {
    // 03:30 UTC on Dec 2 is still Dec 1 in Chicago.
    const usage = usageOf(
      [sent('2026-12-02T03:30:00Z', 2), sent('2026-12-02T15:00:00Z')],
      {
        from: '2026-12-01',
        to: '2026-12-02',
        timeZone: 'America/Chicago',
      },
      CATALOG['en-US'],
    );
    expect(usage.days).toEqual([
      { date: '2026-12-01', texts: { confirmation: { accepted: 2 } } },
      { date: '2026-12-02', texts: { confirmation: { accepted: 1 } } },
    ]);
    expect(usage.texts).toEqual({ accepted: 3 });
  });

  it('counts refusals by reason, caps reached, and failures with what they mean, most first', () => {
    const usage = usageOf(
      [
        { at: '2026-12-01T15:00:00Z', kind: 'reminder', status: 'refused', reason: 'capReached', texts: { refused: 1 } },
        { at: '2026-12-01T15:01:00Z', kind: 'reminder', status: 'refused', reason: 'phoneNumber', texts: { refused: 1 } },
        { at: '2026-12-01T15:02:00Z', kind: 'reminder', status: 'refused', reason: 'capReached', texts: { refused: 1 } },
        { at: '2026-12-01T15:03:00Z', kind: 'reminder', status: 'failed', reason: 'throttled', texts: { notSent: 1 } },
        { at: '2026-12-01T15:04:00Z', kind: 'reminder', status: 'uncertain', reason: 'interrupted', texts: {} },
      ],
      { from: '2026-12-01', to: '2026-12-01', timeZone: 'UTC' },
      CATALOG['en-US'],
    );
    expect(usage.refusals).toEqual([
      { reason: 'capReached', sends: 2 },
      { reason: 'phoneNumber', sends: 1 },
    ]);
    expect(usage.capsReached).toBe(2);
    expect(usage.failures.map((failure) => [failure.reason, failure.sends])).toEqual([
      ['interrupted', 1],
      ['throttled', 1],
    ]);
    expect(usage.failures[1]?.meaning).toMatch(/^Graph asked the app to slow down \(429\)/);
    expect(usage.sends).toEqual({ sent: 0, held: 0, refused: 3, failed: 1, uncertain: 1 });
  });

  it('spans whole days in the zone, 23 hours on the day clocks go forward', () => {
    expect(periodBounds({ from: '2026-03-08', to: '2026-03-08', timeZone: 'America/Chicago' })).toEqual({
      start: new Date('2026-03-08T06:00:00Z'),
      end: new Date('2026-03-09T05:00:00Z'),
    });
    expect(periodBounds({ from: '2026-03-09', to: '2026-03-08', timeZone: 'America/Chicago' })).toBeUndefined();
  });
});
