import type { Messages } from './messages';
import type { NotificationKind } from './notificationKinds';
import { instantOfWallTime, momentInZone, wallTimeAt } from './timeZones';

/** What a tenant's admin decides about texting its clients (REST `/api/admin/policy`, role `AppointmentSms.Admin`). */
export interface TenantPolicy {
  /** Texts go out only between these times of day in the attendee's own zone, `HH:MM` (24-hour; `to` may be 24:00). */
  sendingHours: { from: string; to: string };
  /** The most texts one number gets in any 24 hours and in any 7 days; 0 for no cap. */
  caps: { perDay: number; perWeek: number };
  /** Whether an organizer may send outside the sending hours or over a cap, stating a reason (recorded). */
  overridesAllowed: boolean;
  /** A held or scheduled text that came due while the app was stopped: sent when it starts, or marked missed. */
  whenLate: 'send' | 'miss';
}

export const DEFAULT_TENANT_POLICY: TenantPolicy = {
  sendingHours: { from: '08:00', to: '21:00' },
  caps: { perDay: 3, perWeek: 6 },
  overridesAllowed: true,
  whenLate: 'send',
};

/** The organizer's stated reason to send anyway; recorded with the send. */
export interface PolicyOverride {
  reason: string;
}

const DAY_MS = 24 * 3600_000;

export function minutesOfDay(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The first moment at or after `now` that is inside the sending hours in `ianaZone`. */
function nextSendingTime(now: Date, ianaZone: string, hours: TenantPolicy['sendingHours']): Date {
  const wall = wallTimeAt(now.getTime(), ianaZone);
  const minutes = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  const [from, to] = [minutesOfDay(hours.from), minutesOfDay(hours.to)];
  if (minutes >= from && minutes < to) return now;
  const nextDay = minutes >= to ? 1 : 0;
  const target = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + nextDay, 0, from);
  return new Date(instantOfWallTime(target, ianaZone));
}

/** When a text to attendees in all these zones may go: the first moment inside the sending hours for each. */
function nextTimeForAll(now: Date, ianaZones: readonly string[], hours: TenantPolicy['sendingHours']): Date {
  if (minutesOfDay(hours.from) === 0 && minutesOfDay(hours.to) >= 24 * 60) return now;
  let candidate = now;
  // US zones are at most 6 hours apart: the hours overlap, and a few rounds settle on the moment.
  for (let round = 0; round < 8; round += 1) {
    const later = ianaZones.map((zone) => nextSendingTime(candidate, zone, hours)).reduce((a, b) => (a > b ? a : b), candidate);
    if (later.getTime() === candidate.getTime()) return candidate;
    candidate = later;
  }
  return candidate;
}

/**
 * Whether a text may go now. Outside the sending hours it is held until they start for every
 * attendee, unless the organizer overrides with a reason (when allowed). A cancellation or reminder
 * about an appointment that itself falls before texting is allowed again goes now: holding it would
 * make it useless, and the receipt says why it went.
 */
export type TimingDecision = { go: 'now'; note?: string; override?: PolicyOverride } | { go: 'later'; until: Date; why: string };

export function timingOf(send: {
  kind: NotificationKind;
  attendeeZones: readonly string[];
  now: Date;
  policy: TenantPolicy;
  appointmentStart?: Date;
  override?: PolicyOverride;
  say: Messages;
}): TimingDecision {
  const { policy: words } = send.say;
  const allowedAt = nextTimeForAll(send.now, send.attendeeZones, send.policy.sendingHours);
  if (allowedAt.getTime() === send.now.getTime()) return { go: 'now' };
  const hours = `${send.policy.sendingHours.from}–${send.policy.sendingHours.to}`;
  const aboutSoonAppointment =
    (send.kind === 'cancellation' || send.kind === 'reminder') && send.appointmentStart !== undefined && send.appointmentStart <= allowedAt;
  if (aboutSoonAppointment)
    return {
      go: 'now',
      note: words.aboutSoon(hours),
    };
  if (send.override && send.policy.overridesAllowed)
    return {
      go: 'now',
      override: send.override,
      note: words.overrideHours(hours, send.override.reason),
    };
  return { go: 'later', until: allowedAt, why: words.outsideHours(hours) };
}

/** What the organizer is told of a held text: why it waits and when it goes, in their own zone (IANA), named. */
export function heldNote(why: string, until: Date, organizerZone: string, say: Messages): string {
  return say.policy.heldNote(why, momentInZone(until, organizerZone, say));
}

/** A number over a cap: how many texts it had in which window, and when it may be texted again. */
export interface CapExceeded {
  count: number;
  window: 'day' | 'week';
  limit: number;
  until: Date;
}

/** Whether one more text to a number that got texts at `sentAt` stays within the caps; the first cap it breaks otherwise. */
export function capExceeded(sentAt: readonly Date[], now: Date, caps: TenantPolicy['caps']): CapExceeded | undefined {
  const windows = [
    { window: 'day' as const, ms: DAY_MS, limit: caps.perDay },
    { window: 'week' as const, ms: 7 * DAY_MS, limit: caps.perWeek },
  ];
  const breaches = windows.flatMap(({ window, ms, limit }) => {
    if (limit === 0) return [];
    const inWindow = sentAt.filter((at) => now.getTime() - at.getTime() < ms).sort((a, b) => a.getTime() - b.getTime());
    if (inWindow.length < limit) return [];
    // Once enough of them have aged out of the window, one more fits.
    const oldestToAgeOut = inWindow[inWindow.length - limit] ?? now;
    return [{ count: inWindow.length, window, limit, until: new Date(oldestToAgeOut.getTime() + ms) }];
  });
  return breaches.sort((a, b) => b.until.getTime() - a.until.getTime())[0];
}
