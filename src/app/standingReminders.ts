import { messagesFor, wordsOf, type Messages } from '../domain/messages';
import { randomUUID } from 'node:crypto';
import type { GraphToken, Organizer } from '../domain/organizer';
import { ok, refused, type Result } from '../domain/result';
import { sendFailureOf, type SendFailure } from '../domain/sendReceipt';
import type { RequestRefusal } from '../domain/sendPolicy';
import { momentInZone, toIanaTimeZone, toWindowsTimeZone } from '../domain/timeZones';
import type { Booking, CalendarChange, GraphCaller, GraphSmsClient } from '../graph/graphSmsClient';
import { backToWaiting, scheduleIdFrom, type Schedule, type ScheduledSend } from '../store/schedule';
import type { StateStorage } from '../store/stateStorage';
import type { AttendeeBook } from './attendeeBook';
import { skipReason } from './dayActions';
import type { OrganizerZones } from './organizerZones';

/** An automatic reminder goes this long before its appointment. */
export const REMIND_BEFORE_MS = 15 * 60_000;
/** The days ahead the calendar is followed; a round starts again once a day of it has passed. */
const FOLLOWED_MS = 3 * 24 * 3600_000;
const ROUND_MS = 24 * 3600_000;
/** How often an organizer's calendar is read again (Graph's delta: only what changed). */
const FOLLOW_EVERY_MS = 5 * 60_000;

/** The standing setting as the organizer sees it: on (and since when, in which zone), or off. */
export interface StandingSetting {
  enabled: boolean;
  /** Numbers saved without a zone of their own are texted in this one (the organizer's when it was turned on). */
  timeZone?: string;
  /** When the calendar is read next. */
  nextLook?: string;
  reason?: string;
}

/**
 * "Remind attendees 15 minutes before each of my appointments", set once: while it is on, the
 * organizer's calendar is followed (Graph `calendarView/delta`, the app's own permission) by one
 * waiting item per organizer in the schedule (`why: calendar`), so exactly one instance reads it at
 * a time and it survives restarts. Each Teams appointment the organizer organizes gets a reminder
 * in the schedule (its id made from the event's, so it is made once); an appointment that moves
 * takes it along, one cancelled or deleted drops it; it texts the numbers saved when it goes.
 */
export class StandingReminders {
  constructor(
    private readonly deps: {
      schedule: Schedule;
      /** Where turning off is noted for a look under way. */
      state: StateStorage;
      graph: GraphSmsClient;
      book: AttendeeBook;
      zones: OrganizerZones;
      appGraphToken: (tenantId: string) => Promise<GraphToken>;
      now: () => Date;
    },
  ) {}

  async setting(organizerId: string): Promise<StandingSetting> {
    const following = await this.following(organizerId);
    if (!following) return { enabled: false };
    return { enabled: true, timeZone: following.timeZone, nextLook: following.dueAt, reason: following.reason };
  }

  /** Turns them on (once: turning on again keeps the one on); the calendar is read at once. */
  async turnOn(organizer: Organizer, timeZone?: string): Promise<Result<StandingSetting, RequestRefusal>> {
    const chosen = await this.deps.zones.forNumbersWithout(organizer, timeZone);
    if (!chosen.ok) return refused(chosen.error);
    const zone = chosen.value;
    if (await this.following(organizer.oid)) return ok(await this.setting(organizer.oid));
    const at = this.deps.now();
    const organizerZone = toIanaTimeZone(zone) ?? zone;
    const following: ScheduledSend = {
      id: randomUUID(),
      tenantId: organizer.tenantId,
      organizerId: organizer.oid,
      meetingId: '',
      kind: 'reminder',
      why: 'calendar',
      maskedNumbers: [],
      timeZone: zone,
      organizerZone,
      dueAt: at.toISOString(),
      reason: '',
      language: messagesFor(organizer.locale).language,
      state: 'scheduled',
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    // The calendar is read at once, with the app's own permission: what the admin has not granted is said now, not later.
    const looked = await this.look(following, at);
    if (!looked.ok) return refused({ failure: looked.error });
    await this.deps.schedule.add(looked.value);
    return ok(await this.setting(organizer.oid));
  }

  /** Turns them off: the calendar is no longer followed and the reminders they made that still wait are dropped. */
  async turnOff(organizerId: string): Promise<number> {
    const at = this.deps.now();
    // A look under way (its item claimed, so it cannot be cancelled) sees this and stops following.
    await this.deps.state.write({ [offKey(organizerId)]: { at: at.toISOString() } });
    const waiting = (await this.deps.schedule.list(organizerId)).filter(
      (item) => item.state === 'scheduled' && (item.why === 'calendar' || item.standing),
    );
    for (const item of waiting) await this.deps.schedule.cancel(organizerId, item.id, at);
    return waiting.filter((item) => item.why === 'reminder').length;
  }

  /** One look at the organizer's calendar (the schedule handed `following` to this instance); it waits again after. */
  async follow(following: ScheduledSend): Promise<ScheduledSend> {
    const at = this.deps.now();
    const looked = await this.look(following, at);
    if (await this.turnedOffSince(following)) {
      await this.turnOff(following.organizerId);
      return { ...following, state: 'cancelled', reason: wordsOf(following).schedule.standingTurnedOff, updatedAt: at.toISOString() };
    }
    return looked.ok ? looked.value : this.again(following, at, wordsOf(following).schedule.calendarUnreadable(looked.error.message));
  }

  /** Turned off after this look began following (while it was claimed)? */
  private async turnedOffSince(following: ScheduledSend): Promise<boolean> {
    const key = offKey(following.organizerId);
    const off = (await this.deps.state.read([key]))[key] as { at?: string } | undefined;
    return off?.at !== undefined && off.at >= following.createdAt;
  }

  /** Waits for its next look, saying why. */
  private again(following: ScheduledSend, at: Date, why: string): ScheduledSend {
    const next = new Date(at.getTime() + FOLLOW_EVERY_MS);
    const say = wordsOf(following);
    return backToWaiting(following, next, say.schedule.readsAgainAt(why, momentInZone(next, following.organizerZone ?? 'UTC', say)), at);
  }

  /** Reads what changed in the calendar and applies it; the item as it then waits, or why the calendar could not be read. */
  private async look(following: ScheduledSend, at: Date): Promise<Result<ScheduledSend, SendFailure>> {
    const say = wordsOf(following);
    const token = await this.deps.appGraphToken(following.tenantId);
    if (!token.ok) return refused(sendFailureOf(token.error, say));
    const caller: GraphCaller = { accessToken: token.value, organizerId: following.organizerId };
    const round = following.calendar;
    // A round covers the days ahead from when it began: once a day of it has passed, a new one starts.
    const fresh = !round || Date.parse(round.windowEnd) - at.getTime() < FOLLOWED_MS - ROUND_MS;
    const windowEnd = fresh ? new Date(at.getTime() + FOLLOWED_MS).toISOString() : round.windowEnd;
    const changes = await this.deps.graph.calendarChanges(
      fresh ? { window: { start: at, end: new Date(windowEnd) } } : { deltaLink: round.deltaLink },
      caller,
    );
    if (!changes.ok) return refused(calendarRefusal(changes.error, say));
    const bookingOf = this.bookingsIn({ start: at, end: new Date(windowEnd) }, caller);
    for (const change of changes.value.changes) await this.apply(following, change, { caller, bookingOf }, at);
    return ok({
      ...this.again(following, at, say.schedule.standingFollows),
      calendar: { deltaLink: changes.value.deltaLink, windowEnd },
    });
  }

  /**
   * The tenant's Bookings appointments in the days followed, read once per look and only when an
   * appointment needs them; without the permission (Bookings.Read.All) no appointment is a booking.
   */
  private bookingsIn(window: { start: Date; end: Date }, caller: GraphCaller): (joinUrl: string) => Promise<Booking | undefined> {
    let bookings: Promise<Booking[]> | undefined;
    return async (joinUrl) => {
      bookings ??= this.deps.graph.bookingsBetween(window, caller).then((read) => (read.ok ? read.value : []));
      return (await bookings).find((booking) => booking.joinUrl === joinUrl);
    };
  }

  /** A booking's customers are its attendees: each phone saved with the appointment, in the customer's zone. */
  private async saveCustomers(meetingId: string, booking: Booking, say: Messages): Promise<void> {
    for (const customer of booking.customers) {
      if (!customer.phone) continue;
      const timeZone = customer.timeZone ? toWindowsTimeZone(customer.timeZone) : undefined;
      // A number that is not a US one is refused by the book, and Graph could not text it either.
      await this.deps.book.add(
        meetingId,
        [{ phoneNumber: customer.phone, ...(customer.name ? { name: customer.name } : {}), ...(timeZone ? { timeZone } : {}) }],
        say,
      );
    }
  }

  /**
   * Whether a Microsoft Bookings business booked this appointment and texts its customers itself:
   * then the app's reminder would be a second one. Unknown (false) without the Bookings permission.
   */
  async bookedWithOwnTexts(tenantId: string, joinUrl: string, start: Date): Promise<boolean> {
    const token = await this.deps.appGraphToken(tenantId);
    if (!token.ok) return false;
    const around = { start: new Date(start.getTime() - 60_000), end: new Date(start.getTime() + 60_000) };
    const booking = await this.bookingsIn(around, { accessToken: token.value })(joinUrl);
    return booking?.smsNotificationsEnabled ?? false;
  }

  private async following(organizerId: string): Promise<ScheduledSend | undefined> {
    return (await this.deps.schedule.list(organizerId)).find(
      (item) => item.why === 'calendar' && (item.state === 'scheduled' || item.state === 'sending'),
    );
  }

  /** One event as it now stands: its reminder made, moved with it, or dropped. */
  private async apply(
    following: ScheduledSend,
    change: CalendarChange,
    look: { caller: GraphCaller; bookingOf: (joinUrl: string) => Promise<Booking | undefined> },
    at: Date,
  ): Promise<void> {
    const { caller } = look;
    const id = reminderIdOf(following, change.id);
    if ('removed' in change || skipReason(change) !== undefined || !change.joinUrl) {
      await this.deps.schedule.cancel(following.organizerId, id, at);
      return;
    }
    // Booked in Microsoft Bookings with its own texts on: Bookings reminds the customers; one reminder is enough.
    const booking = await look.bookingOf(change.joinUrl);
    if (booking?.smsNotificationsEnabled) {
      await this.deps.schedule.cancel(following.organizerId, id, at);
      return;
    }
    const start = new Date(change.start);
    const due = new Date(start.getTime() - REMIND_BEFORE_MS);
    if (due <= at) return;
    const zone = following.organizerZone ?? 'UTC';
    const say = wordsOf(following);
    const reason = say.schedule.standingRemindsAt(change.subject, momentInZone(due, zone, say));
    if (await this.deps.schedule.reschedule(id, due.toISOString(), reason, at)) return;
    const meeting = await this.deps.graph.findMeetingIdByJoinUrl(change.joinUrl, caller);
    if (!meeting.ok || !meeting.value) return;
    // A reminder the organizer turned on for this appointment themselves already covers it.
    const own = (await this.deps.schedule.list(following.organizerId, meeting.value)).some(
      (item) => item.why === 'reminder' && item.state === 'scheduled',
    );
    if (own) return;
    if (booking) await this.saveCustomers(meeting.value, booking, say);
    const saved = await this.deps.book.list(meeting.value);
    const reminder: ScheduledSend = {
      id,
      tenantId: following.tenantId,
      organizerId: following.organizerId,
      meetingId: meeting.value,
      kind: 'reminder',
      why: 'reminder',
      standing: true,
      maskedNumbers: saved.map((attendee) => attendee.masked),
      ...(following.timeZone ? { timeZone: following.timeZone } : {}),
      organizerZone: zone,
      dueAt: due.toISOString(),
      appointmentStart: start.toISOString(),
      reason,
      language: say.language,
      state: 'scheduled',
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    // Made once: an id already there is this reminder, sent or cancelled by the organizer; it stays so.
    await this.deps.schedule.add(reminder).catch(() => undefined);
  }
}

const offKey = (organizerId: string) => `standingRemindersOff/${organizerId}`;

/** The one reminder id of an event in the organizer's calendar. */
function reminderIdOf(following: ScheduledSend, eventId: string): string {
  return scheduleIdFrom(`${following.tenantId}/${following.organizerId}/${eventId}`);
}

/** Why the calendar could not be read: without the permissions, what the admin must grant. */
function calendarRefusal(failure: Parameters<typeof sendFailureOf>[0], say: Messages): SendFailure {
  return failure.kind === 'forbidden' ? { reason: 'forbidden', message: say.schedule.calendarNotGranted } : sendFailureOf(failure, say);
}
