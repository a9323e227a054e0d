import { LRUCache } from 'lru-cache';
import { findIana, findWindows } from 'windows-iana';
import type { Messages } from './messages';

/** A Windows time-zone name, the form Graph expects (`Eastern Standard Time`). */
export type WindowsTimeZone = string & { readonly __brand: 'WindowsTimeZone' };

/** A zone a form offers; its name for people is the catalog's (`Messages.zones`). */
export interface OfferedTimeZone {
  windows: WindowsTimeZone;
  iana: string;
}

const offered = (windows: string, iana: string): OfferedTimeZone => ({ windows: windows as WindowsTimeZone, iana });

/** The zones a person picks from for US attendees, east to west. */
export const US_TIME_ZONES: readonly OfferedTimeZone[] = [
  offered('Eastern Standard Time', 'America/New_York'),
  offered('Central Standard Time', 'America/Chicago'),
  offered('Mountain Standard Time', 'America/Denver'),
  offered('US Mountain Standard Time', 'America/Phoenix'),
  offered('Pacific Standard Time', 'America/Los_Angeles'),
  offered('Alaskan Standard Time', 'America/Anchorage'),
  offered('Hawaiian Standard Time', 'Pacific/Honolulu'),
];

/**
 * The one zone used when nobody has said one and the organizer's own cannot be told (Teams gave
 * none and no lookup was possible): only to preselect the form's choice, which the organizer sees
 * and can change before anything is sent. Used nowhere else.
 */
const LAST_RESORT_TIME_ZONE = US_TIME_ZONES[0].windows;

function isWindowsTimeZone(name: string): name is WindowsTimeZone {
  return findIana(name).length > 0;
}

/**
 * Accepts a Windows name (`Pacific Standard Time`) or an IANA id (`America/Los_Angeles`, what
 * browsers and Teams' `localTimezone` give) and returns the Windows name; undefined when unknown.
 */
export function toWindowsTimeZone(name: string): WindowsTimeZone | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return undefined;
  // windows-iana searches its tables linearly; every send asks, mostly for the same few zones.
  const known = windowsNames.get(trimmed);
  if (known) return known;
  const windowsName = findWindowsName(trimmed) as WindowsTimeZone | undefined;
  if (windowsName) windowsNames.set(trimmed, windowsName);
  return windowsName;
}

/** Zone names as asked, to their Windows name: bounded, as anyone can type a name. */
const windowsNames = new LRUCache<string, WindowsTimeZone>({ max: 1_000 });
const ianaNames = new LRUCache<WindowsTimeZone, string>({ max: 1_000 });

function findWindowsName(name: string): string | undefined {
  const exact = US_TIME_ZONES.find((zone) => zone.windows.toLowerCase() === name.toLowerCase());
  if (exact) return exact.windows;
  if (isWindowsTimeZone(name)) return name;
  return findWindows(name)[0];
}

/** A zone as people read it in their language ("Pacific (Los Angeles)"); a zone the forms do not offer by its Windows name. */
export function timeZoneLabel(zone: WindowsTimeZone, say: Pick<Messages, 'zones'>): string {
  return say.zones[zone] ?? zone;
}

/**
 * The zone the form preselects for attendees nobody gave a zone: the organizer's own (they usually
 * share it), whatever it is; the last resort only when the organizer's zone is unknown.
 */
export function defaultAttendeeZone(organizerZone: string | undefined): WindowsTimeZone {
  return (organizerZone ? toWindowsTimeZone(organizerZone) : undefined) ?? LAST_RESORT_TIME_ZONE;
}

/** The zones a form offers: the US ones, and any other one already chosen (never a choice that is not listed). */
export function zoneChoices(...chosen: ReadonlyArray<WindowsTimeZone | undefined>): OfferedTimeZone[] {
  const others = [...new Set(chosen)].filter(
    (zone): zone is WindowsTimeZone => zone !== undefined && !US_TIME_ZONES.some((offeredZone) => offeredZone.windows === zone),
  );
  return [...US_TIME_ZONES, ...others.map((zone) => offered(zone, findIana(zone)[0] ?? zone))];
}

/** The IANA zone for a Windows name or an IANA id; undefined when unknown. */
export function toIanaTimeZone(name: string): string | undefined {
  const windows = toWindowsTimeZone(name);
  if (!windows) return undefined;
  let iana = ianaNames.get(windows);
  if (!iana) {
    iana = findIana(windows)[0];
    if (iana) ianaNames.set(windows, iana);
  }
  return iana;
}

/**
 * A calendar day (`2026-12-01`) in a zone, as the UTC instants it starts and ends at; 23 or 25
 * hours long on the days daylight saving time changes. Undefined for a date that is not one.
 */
export function dayInZone(date: string, ianaZone: string): { start: Date; end: Date } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const midnightUtc = Date.UTC(year, month - 1, day);
  if (new Date(midnightUtc).getUTCDate() !== day) return undefined;
  return { start: new Date(zonedMidnight(midnightUtc, ianaZone)), end: new Date(zonedMidnight(midnightUtc + 86_400_000, ianaZone)) };
}

/** The instant local midnight begins on the UTC date `midnightUtc` names, in `zone`. */
function zonedMidnight(midnightUtc: number, zone: string): number {
  return instantOfWallTime(midnightUtc, zone);
}

/**
 * The instant a wall-clock time in `zone` happens, the wall time given as if it were UTC
 * (`Date.UTC(2026, 2, 8, 8, 0)` for 8:00 AM on March 8).
 */
export function instantOfWallTime(wallUtc: number, zone: string): number {
  // The offset at the guess, then at the corrected instant: right on both sides of a DST change.
  const first = wallUtc - offsetMs(wallUtc, zone);
  return wallUtc - offsetMs(first, zone);
}

/** The wall-clock time in `zone` at `instant`, as if it were UTC (read it with getUTCHours and the like). */
export function wallTimeAt(instant: number, zone: string): Date {
  return new Date(Math.floor(instant / 1000) * 1000 + offsetMs(instant, zone));
}

/** One formatter per zone: making one costs far more than using it. */
const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClockOf(zone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClocks.set(zone, format);
  }
  return format;
}

/** How far ahead of UTC the zone's wall clock is at `instant`. */
function offsetMs(instant: number, zone: string): number {
  const parts = wallClockOf(zone).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((entry) => entry.type === type)?.value ?? 0);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * How much of a moment is said. A sentence about what happens next says the day and the time; a
 * card kept in history adds the year; a day's appointment list, the time alone.
 */
const MOMENT_PARTS = {
  dayAndTime: { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  dated: { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  timeOfDay: { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** One formatter per language, parts and zone as given (Intl takes any letter case, so the names are bounded here, not by the zones). */
const momentFormats = new LRUCache<string, Intl.DateTimeFormat>({ max: 1_000 });

/**
 * A moment as someone in `ianaZone` reads it, in their language, the zone named: "Nov 26, 8:00 AM
 * CST". A zone this runtime does not know is said as UTC rather than guessed.
 */
export function momentInZone(
  moment: Date | string,
  ianaZone: string,
  say: Pick<Messages, 'language'>,
  parts: keyof typeof MOMENT_PARTS = 'dayAndTime',
): string {
  const key = `${say.language}|${parts}|${ianaZone}`;
  let format = momentFormats.get(key);
  if (!format) {
    format = formatIn(say.language, parts, ianaZone) ?? new Intl.DateTimeFormat(say.language, { ...MOMENT_PARTS[parts], timeZone: 'UTC' });
    // Kept under the zone as asked, an unknown one too: its UTC formatter is made once, not tried again each time.
    momentFormats.set(key, format);
  }
  return format.format(typeof moment === 'string' ? new Date(moment) : moment);
}

/** The formatter, or undefined when the runtime does not know the zone. */
function formatIn(language: string, parts: keyof typeof MOMENT_PARTS, ianaZone: string): Intl.DateTimeFormat | undefined {
  try {
    return new Intl.DateTimeFormat(language, { ...MOMENT_PARTS[parts], timeZone: ianaZone });
  } catch {
    return undefined;
  }
}
