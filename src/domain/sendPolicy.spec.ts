import { parseNotificationKind } from './notificationKinds';
import { CATALOG } from './messages';
import { checkSendRequest as checkAttendees, MAX_NUMBERS_PER_SEND, sendRequestFor, zoneMissing } from './sendPolicy';
import { defaultAttendeeZone, toWindowsTimeZone, US_TIME_ZONES, zoneChoices, type WindowsTimeZone } from './timeZones';

const checkSendRequest = (input: { numbers: string[]; kind: string; timeZone?: string }) =>
  checkAttendees(sendRequestFor(input.numbers, input.kind, input.timeZone), CATALOG['en-US']);

describe('what an organizer may send', () => {
  it('plans a send when every number, the kind and the time zone are right', () => {
    const checked = checkSendRequest({ numbers: ['(312) 922-4122', '312.922.4122'], kind: 'confirmation', timeZone: 'America/Chicago' });
    expect(checked.plan).toEqual({ kind: 'confirmation', attendees: [{ phoneNumber: '+13129224122', timeZone: 'Central Standard Time' }] });
  });

  it('plans nothing when any number is refused, and still says which numbers were fine', () => {
    const checked = checkSendRequest({ numbers: ['+13129224122', '+1242421412'], kind: 'confirmation' });
    expect(checked.plan).toBeUndefined();
    expect(checked.numbers.map(({ input, status }) => [input, status])).toEqual([
      ['+13129224122', 'valid'],
      ['+1242421412', 'refused'],
    ]);
  });

  it('names the field and the allowed values when the kind or time zone is unknown', () => {
    const checked = checkSendRequest({ numbers: ['+13129224122'], kind: 'birthday', timeZone: 'Mars/Olympus' });
    expect(checked.plan).toBeUndefined();
    expect(checked.problems).toEqual([
      { field: 'kind', message: expect.stringContaining('confirmation, reschedule, cancellation, reminder') },
      { field: 'timeZone', message: expect.stringContaining('"Mars/Olympus" is not a time zone') },
    ]);
  });

  it('asks for at least one number, and refuses more than the per-send limit', () => {
    expect(checkSendRequest({ numbers: [], kind: 'reminder' }).problems).toEqual([
      { field: 'attendees', message: 'Add at least one attendee phone number.' },
    ]);
    const many = Array.from({ length: MAX_NUMBERS_PER_SEND + 1 }, (_, i) => `+1312922${String(4100 + i)}`);
    const tooMany = checkSendRequest({ numbers: many, kind: 'reminder', timeZone: 'America/Chicago' });
    expect(tooMany.problems[0]?.message).toContain(`more than ${MAX_NUMBERS_PER_SEND}`);
  });

  it('never guesses a zone: an attendee with none given, saved or asked for leaves the send unplanned, for the caller to ask', () => {
    const checked = checkSendRequest({ numbers: ['+13129224122'], kind: 'remind' });
    expect(checked.plan).toBeUndefined();
    expect(checked.zoneMissing).toBe(true);
    expect(zoneMissing(CATALOG['en-US'])).toEqual({ field: 'timeZone', message: expect.stringContaining("Say the attendees' time zone") });
  });

  it("writes each attendee's text in the zone given with them, else the one saved with their number, else the request's", () => {
    const saved = new Map([['+13129224122', 'Pacific Standard Time' as WindowsTimeZone]]);
    const checked = checkAttendees(
      {
        attendees: [
          { phoneNumber: '(312) 922-4122' },
          { phoneNumber: '415 555 0133' },
          { phoneNumber: '646 555 0100', timeZone: 'Asia/Tokyo' },
        ],
        kind: 'confirmation',
        timeZone: 'America/Chicago',
      },
      CATALOG['en-US'],
      saved,
    );
    expect(checked.plan?.attendees).toEqual([
      { phoneNumber: '+13129224122', timeZone: 'Pacific Standard Time' },
      { phoneNumber: '+14155550133', timeZone: 'Central Standard Time' },
      { phoneNumber: '+16465550100', timeZone: 'Tokyo Standard Time' },
    ]);
  });

  it("keeps each attendee's own time zone and names the attendee whose zone is unknown", () => {
    const checked = checkAttendees(
      {
        attendees: [
          { phoneNumber: '+13129224122', timeZone: 'Hawaiian Standard Time' },
          { phoneNumber: '+14155550133' },
          { phoneNumber: '+12125550100', timeZone: 'Atlantis' },
        ],
        kind: 'confirmation',
        timeZone: 'America/Los_Angeles',
      },
      CATALOG['en-US'],
    );
    expect(checked.problems).toEqual([{ field: 'attendees[2].timeZone', message: expect.stringContaining('"Atlantis"') }]);
    const fixed = checkAttendees(
      {
        attendees: checked.numbers.slice(0, 2).map((n) => ({ phoneNumber: n.input })),
        kind: 'confirmation',
        timeZone: 'Hawaiian Standard Time',
      },
      CATALOG['en-US'],
    );
    expect(fixed.plan?.attendees.map((a) => a.timeZone)).toEqual(['Hawaiian Standard Time', 'Hawaiian Standard Time']);
  });
});

describe('notification kinds', () => {
  it.each([
    ['Confirmation', 'confirmation'],
    ['cancel', 'cancellation'],
    ['CANCELED', 'cancellation'],
    ['rescheduled', 'reschedule'],
    ['mins15', 'reminder'],
    ['remind', 'reminder'],
  ])('reads %p as %p', (typed, kind) => expect(parseNotificationKind(typed)).toBe(kind));

  it('does not accept unknownFutureValue or anything else Graph must never receive', () => {
    expect(parseNotificationKind('unknownFutureValue')).toBeUndefined();
    expect(parseNotificationKind('constructor')).toBeUndefined();
  });
});

describe('time zones', () => {
  it('offers the US zones by their Windows names, each mapping back to its IANA city', () => {
    for (const zone of US_TIME_ZONES) {
      expect(toWindowsTimeZone(zone.iana)).toBe(zone.windows);
      expect(toWindowsTimeZone(zone.windows.toUpperCase())).toBe(zone.windows);
    }
  });

  it('converts what Teams and browsers report (IANA) to the Windows name Graph needs', () => {
    expect(toWindowsTimeZone('America/Los_Angeles')).toBe('Pacific Standard Time');
    expect(toWindowsTimeZone('America/Phoenix')).toBe('US Mountain Standard Time');
    expect(toWindowsTimeZone('Europe/London')).toBe('GMT Standard Time');
    expect(toWindowsTimeZone('Nowhere/Land')).toBeUndefined();
  });
});

describe('the time zone the card preselects', () => {
  it("is the organizer's own, whatever it is; the last resort only when nothing says theirs", () => {
    expect(defaultAttendeeZone('America/Denver')).toBe('Mountain Standard Time');
    expect(defaultAttendeeZone('Europe/London')).toBe('GMT Standard Time');
    expect(defaultAttendeeZone('Mars/Olympus')).toBe('Eastern Standard Time');
    expect(defaultAttendeeZone(undefined)).toBe('Eastern Standard Time');
  });

  it('is always among the choices the form offers', () => {
    const london = defaultAttendeeZone('Europe/London');
    expect(zoneChoices(london).map((zone) => zone.windows)).toEqual([...US_TIME_ZONES.map((zone) => zone.windows), 'GMT Standard Time']);
    expect(zoneChoices(defaultAttendeeZone('America/Chicago'))).toEqual(US_TIME_ZONES);
  });
});
