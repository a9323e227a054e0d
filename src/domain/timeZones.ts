import { findIana, findWindows } from 'windows-iana';

/** A Windows time-zone name, the form Graph expects (`Eastern Standard Time`). */
export type WindowsTimeZone = string & { readonly __brand: 'WindowsTimeZone' };

export interface OfferedTimeZone {
  windows: WindowsTimeZone;
  iana: string;
  label: string;
}

const offered = (windows: string, iana: string, label: string): OfferedTimeZone => ({
  windows: windows as WindowsTimeZone,
  iana,
  label,
});

/** The zones a person picks from for US attendees, east to west. */
export const US_TIME_ZONES: readonly OfferedTimeZone[] = [
  offered('Eastern Standard Time', 'America/New_York', 'Eastern (New York)'),
  offered('Central Standard Time', 'America/Chicago', 'Central (Chicago)'),
  offered('Mountain Standard Time', 'America/Denver', 'Mountain (Denver)'),
  offered('US Mountain Standard Time', 'America/Phoenix', 'Arizona (Phoenix, no daylight saving)'),
  offered('Pacific Standard Time', 'America/Los_Angeles', 'Pacific (Los Angeles)'),
  offered('Alaskan Standard Time', 'America/Anchorage', 'Alaska (Anchorage)'),
  offered('Hawaiian Standard Time', 'Pacific/Honolulu', 'Hawaii (Honolulu)'),
];

export const DEFAULT_TIME_ZONE = US_TIME_ZONES[0].windows;

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
  const windowsName = findWindowsName(trimmed);
  return windowsName as WindowsTimeZone | undefined;
}

function findWindowsName(name: string): string | undefined {
  const exact = US_TIME_ZONES.find((zone) => zone.windows.toLowerCase() === name.toLowerCase());
  if (exact) return exact.windows;
  if (isWindowsTimeZone(name)) return name;
  return findWindows(name)[0];
}

export function timeZoneLabel(zone: WindowsTimeZone): string {
  return US_TIME_ZONES.find((offeredZone) => offeredZone.windows === zone)?.label ?? zone;
}

/**
 * The zone the card preselects for attendees: the organizer's own when it is one we offer (they
 * usually share it), otherwise Eastern. Never a zone missing from the list, which would leave
 * the required choice empty.
 */
export function defaultAttendeeZone(organizerZone: string | undefined): WindowsTimeZone {
  const windows = organizerZone ? toWindowsTimeZone(organizerZone) : undefined;
  return US_TIME_ZONES.find((zone) => zone.windows === windows)?.windows ?? DEFAULT_TIME_ZONE;
}
