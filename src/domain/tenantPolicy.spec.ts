import { CATALOG } from './messages';
import { capExceeded, DEFAULT_TENANT_POLICY, timingOf, type TenantPolicy } from './tenantPolicy';

const policy = DEFAULT_TENANT_POLICY;
const at = (iso: string) => new Date(iso);
const timing = (now: string, zones: string[], extra: Partial<Parameters<typeof timingOf>[0]> = {}) =>
  timingOf({ kind: 'confirmation', attendeeZones: zones, now: at(now), policy, say: CATALOG['en-US'], ...extra });

describe('sending hours, in the attendee own time zone (8:00 to 21:00 by default)', () => {
  it('sends at once inside the hours', () => {
    expect(timing('2026-11-25T15:00:00Z', ['America/Chicago'])).toEqual({ go: 'now' });
  });

  it('holds a confirmation asked before 8:00 until 8:00 that morning, where the attendee is', () => {
    // 7:30 AM in Chicago (CST, UTC-6).
    expect(timing('2026-11-25T13:30:00Z', ['America/Chicago'])).toMatchObject({ go: 'later', until: at('2026-11-25T14:00:00Z') });
  });

  it('holds one asked after 21:00 until 8:00 the next morning', () => {
    // 9:30 PM in Los Angeles on the 25th is 05:30 UTC on the 26th.
    expect(timing('2026-11-26T05:30:00Z', ['America/Los_Angeles'])).toMatchObject({ go: 'later', until: at('2026-11-26T16:00:00Z') });
  });

  it('across the spring DST change: 8:00 on March 8 is already daylight time', () => {
    // 10 PM CST on March 7 2026; the clocks go forward that night, so 8:00 CDT is 13:00 UTC.
    expect(timing('2026-03-08T04:00:00Z', ['America/Chicago'])).toMatchObject({ go: 'later', until: at('2026-03-08T13:00:00Z') });
  });

  it('across the autumn DST change: 8:00 on November 1 is standard time again', () => {
    // 10 PM EDT on October 31 2026; 8:00 EST is 13:00 UTC.
    expect(timing('2026-11-01T02:00:00Z', ['America/New_York'])).toMatchObject({ go: 'later', until: at('2026-11-01T13:00:00Z') });
  });

  it('waits for every attendee: New York at 8:00 is still 3:00 in Honolulu', () => {
    expect(timing('2026-11-25T12:00:00Z', ['America/New_York', 'Pacific/Honolulu'])).toMatchObject({
      go: 'later',
      until: at('2026-11-25T18:00:00Z'),
    });
  });

  it('sends a cancellation at once when its appointment is itself before texting is allowed again, and says so', () => {
    const early = timing('2026-11-25T12:00:00Z', ['America/Chicago'], {
      kind: 'cancellation',
      appointmentStart: at('2026-11-25T13:30:00Z'),
    });
    expect(early).toMatchObject({ go: 'now', note: expect.stringContaining('about an appointment before texting is allowed again') });
    const nextWeek = timing('2026-11-25T12:00:00Z', ['America/Chicago'], {
      kind: 'cancellation',
      appointmentStart: at('2026-12-02T15:00:00Z'),
    });
    expect(nextWeek).toMatchObject({ go: 'later', until: at('2026-11-25T14:00:00Z') });
  });

  it('sends outside the hours on the organizer override with a reason, only when the tenant allows overrides', () => {
    const override = { reason: 'The attendee asked to be told tonight' };
    expect(timing('2026-11-25T04:00:00Z', ['America/Chicago'], { override })).toMatchObject({ go: 'now', override });
    const strict: TenantPolicy = { ...policy, overridesAllowed: false };
    expect(timing('2026-11-25T04:00:00Z', ['America/Chicago'], { override, policy: strict })).toMatchObject({ go: 'later' });
  });
});

describe('frequency caps per number (3 a day, 6 a week by default)', () => {
  const now = at('2026-11-25T18:00:00Z');
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000);

  it('allows a number under both caps', () => {
    expect(capExceeded([hoursAgo(1), hoursAgo(30)], now, policy.caps)).toBeUndefined();
  });

  it('refuses the fourth text in 24 hours, free again when the oldest of the three is 24 hours old', () => {
    expect(capExceeded([hoursAgo(1), hoursAgo(5), hoursAgo(20)], now, policy.caps)).toEqual({
      count: 3,
      window: 'day',
      limit: 3,
      until: new Date(hoursAgo(20).getTime() + 24 * 3600_000),
    });
  });

  it('refuses the seventh text in 7 days', () => {
    const week = [hoursAgo(30), hoursAgo(50), hoursAgo(70), hoursAgo(90), hoursAgo(110), hoursAgo(130)];
    expect(capExceeded(week, now, policy.caps)).toMatchObject({
      count: 6,
      window: 'week',
      until: new Date(hoursAgo(130).getTime() + 7 * 24 * 3600_000),
    });
  });
});
