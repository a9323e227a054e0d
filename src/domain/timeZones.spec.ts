import { dayInZone, toIanaTimeZone } from './timeZones';

describe("a day in the organizer's own time zone", () => {
  it('starts and ends at local midnight, as UTC instants', () => {
    expect(dayInZone('2026-12-01', 'America/Chicago')).toEqual({
      start: new Date('2026-12-01T06:00:00Z'),
      end: new Date('2026-12-02T06:00:00Z'),
    });
  });

  it('is 23 hours long when the clocks go forward and 25 when they go back', () => {
    const spring = dayInZone('2026-03-08', 'America/Chicago');
    expect(spring).toEqual({ start: new Date('2026-03-08T06:00:00Z'), end: new Date('2026-03-09T05:00:00Z') });
    const fall = dayInZone('2026-11-01', 'America/Chicago');
    expect(fall).toEqual({ start: new Date('2026-11-01T05:00:00Z'), end: new Date('2026-11-02T06:00:00Z') });
  });

  it('takes a Windows name as well as an IANA id, and refuses dates that do not exist', () => {
    expect(toIanaTimeZone('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(dayInZone('2026-02-30', 'America/Chicago')).toBeUndefined();
    expect(dayInZone('12/01/2026', 'America/Chicago')).toBeUndefined();
  });
});
