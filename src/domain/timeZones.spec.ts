import { dayInZone, momentInZone, toIanaTimeZone } from './timeZones';

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

describe('a moment as the reader reads it', () => {
  const moment = new Date('2026-12-07T23:20:00Z');
  // ICU may put a narrow no-break space before AM/PM.
  const said = (...args: Parameters<typeof momentInZone>) => momentInZone(...args).replace(/\s/g, ' ');

  it('is said in their zone and language, the zone named, with as much of the date as the place needs', () => {
    expect(said(moment, 'America/Los_Angeles', { language: 'en-US' })).toBe('Dec 7, 3:20 PM PST');
    expect(said(moment, 'America/Los_Angeles', { language: 'en-US' }, 'dated')).toBe('Dec 7, 2026, 3:20 PM PST');
    expect(said(moment, 'America/Chicago', { language: 'en-US' }, 'timeOfDay')).toBe('5:20 PM CST');
    expect(said(moment.toISOString(), 'America/Los_Angeles', { language: 'es-US' }, 'dated')).toBe('7 dic 2026, 3:20 p.m. PST');
  });

  it('is said in UTC, so named, when the zone is one this runtime does not know', () => {
    expect(said(moment, 'Mars/Olympus_Mons', { language: 'en-US' }, 'dated')).toBe('Dec 7, 2026, 11:20 PM UTC');
  });
});
