import { messagesFor, type Messages } from '../domain/messages';
import type { Organizer } from '../domain/organizer';
import { parseNotificationKind, describeAllowedKinds } from '../domain/notificationKinds';
import {
  dayActionId,
  dayReceiptOf,
  interruptedAction,
  summaryOf,
  type DayAction,
  type DayAppointment,
  type DayPreview,
} from '../domain/dayAction';
import { sendFailureOf } from '../domain/sendReceipt';
import { ok, refused, type Result } from '../domain/result';
import { sendRequestFor, type FieldProblem, type RequestRefusal } from '../domain/sendPolicy';
import { dayInZone, toIanaTimeZone, toWindowsTimeZone, type WindowsTimeZone } from '../domain/timeZones';
import type { CalendarEvent, GraphSmsClient } from '../graph/graphSmsClient';
import type { AttendeeBook } from './attendeeBook';
import type { DayActionLog } from './dayActionLog';
import type { NotificationSender } from './notificationSender';
import type { OrganizerZones } from './organizerZones';
import { recordDayAction } from '../telemetry/signals';

export interface DayRequest {
  /** `2026-12-01`, a day in the organizer's own time zone. */
  date: string;
  /** The organizer's zone, IANA id or Windows name; their own (Teams', Outlook's) when absent. */
  timeZone?: string;
  kind: string;
}

export type DayResult<T> = Result<T, RequestRefusal>;

/** A day action under way: as it stood when it started, and the action when every appointment has its outcome. */
interface StartedDay {
  first: DayAction;
  done: Promise<DayAction>;
}

/** An appointment as planned: what the organizer sees, and the full numbers only the sender gets. */
interface PlannedAppointment {
  appointment: DayAppointment;
  phoneNumbers: string[];
}

/** Appointments texted at once: Graph's throttling is per organizer, and a day is a few dozen at most. */
const CONCURRENCY = 4;

/**
 * Close or move a whole day: the organizer's appointments on a date (their calendar, in their own
 * time zone), each resolved to its online meeting and its saved numbers; previewed, then texted
 * through the same sender once per appointment. The instance key names the day, so the same day
 * action run again (or after a restart) texts nobody twice: each appointment's earlier outcome comes back.
 */
export class DayActions {
  constructor(
    private readonly deps: {
      graph: GraphSmsClient;
      book: AttendeeBook;
      sender: NotificationSender;
      log: DayActionLog;
      zones: OrganizerZones;
      now: () => Date;
    },
  ) {}

  async preview(request: DayRequest, organizer: Organizer): Promise<DayResult<DayPreview>> {
    const planned = await this.plan(request, organizer);
    if (!planned.ok) {
      recordDayAction(parseNotificationKind(request.kind), 'refused');
      return planned;
    }
    const { entries, organizerZone: _zone, ...day } = planned.value;
    return ok({ ...day, appointments: entries.map((entry) => entry.appointment) });
  }

  /** Texts the day and answers when each appointment has its outcome. */
  async run(request: DayRequest, organizer: Organizer): Promise<DayResult<DayAction>> {
    const started = await this.start(request, organizer);
    return started.ok ? ok(await started.value.done) : started;
  }

  /**
   * Starts texting the day: recorded first (listed, each ready appointment waiting), then each
   * appointment's progress is recorded and reported to `onProgress` as it happens.
   */
  async start(request: DayRequest, organizer: Organizer, onProgress?: (action: DayAction) => void): Promise<DayResult<StartedDay>> {
    const planned = await this.plan(request, organizer);
    if (!planned.ok) return planned;
    const { entries, organizerZone, ...day } = planned.value;
    const say = messagesFor(organizer.locale);
    const startedAt = this.deps.now().toISOString();
    const appointments = entries.map((entry) => entry.appointment);
    const snapshot = (state: DayAction['state'], finishedAt?: string): DayAction => ({
      id: dayActionId(day.date, day.kind),
      ...day,
      appointments: [...appointments],
      state,
      startedAt,
      updatedAt: this.deps.now().toISOString(),
      ...(finishedAt ? { finishedAt } : {}),
      summary: summaryOf(appointments, state),
      language: say.language,
    });
    const first = snapshot('running');
    await this.deps.log.begin(organizer, first);
    // One run writes its record in order, each write the whole day as it then stood.
    let recorded = Promise.resolve();
    const progress = (index: number, appointment: DayAppointment): Promise<void> => {
      appointments[index] = appointment;
      const now = snapshot('running');
      recorded = recorded.then(() => this.deps.log.record(organizer, now));
      onProgress?.(now);
      return recorded;
    };
    const texting = inBatches(entries, CONCURRENCY, async ({ appointment, phoneNumbers }, index) => {
      if (appointment.status !== 'ready' || !appointment.onlineMeetingId) return;
      // Recorded as being texted before it is sent: after a stop, the day's record names every send that may have gone.
      await progress(index, { ...appointment, texting: true });
      const receipt = await this.deps.sender.send({
        onlineMeetingId: appointment.onlineMeetingId,
        // Per day and kind: a second run of the same day action is the same send for each appointment.
        instance: `day:${day.date}:${day.kind}`,
        // Each number in the zone saved with it; numbers saved without one, in the organizer's (the day's).
        request: sendRequestFor(phoneNumbers, day.kind, organizerZone),
        organizer: { ...organizer, timeZone: organizerZone },
      });
      void progress(index, { ...appointment, receipt: dayReceiptOf(receipt) });
    });
    const done = texting.then(
      async () => {
        const last = snapshot('done', this.deps.now().toISOString());
        await recorded;
        await this.deps.log.record(organizer, last);
        recordDayAction(day.kind, 'done');
        onProgress?.(last);
        return last;
      },
      async (error: unknown) => {
        await recorded.catch(() => undefined);
        recordDayAction(day.kind, 'interrupted');
        await this.deps.log.record(organizer, interruptedAction(snapshot('running')));
        throw error;
      },
    );
    return ok({ first, done });
  }

  /** The day's events, each with what will happen to it and, when ready, the full numbers to text. */
  private async plan(
    request: DayRequest,
    organizer: Organizer,
  ): Promise<DayResult<Omit<DayPreview, 'appointments'> & { entries: PlannedAppointment[]; organizerZone: WindowsTimeZone }>> {
    const say = messagesFor(organizer.locale);
    const kind = parseNotificationKind(request.kind);
    const windowsZone = request.timeZone === undefined ? await this.deps.zones.of(organizer) : toWindowsTimeZone(request.timeZone);
    const zone = windowsZone && toIanaTimeZone(windowsZone);
    const problems: FieldProblem[] = [];
    // Every field is checked on its own: one answer names each that is wrong.
    if (!kind) problems.push({ field: 'messageType', message: say.problems.notAKind(request.kind, describeAllowedKinds()) });
    if (!zone) {
      const message = request.timeZone === undefined ? say.day.yourZoneUnknown : say.day.notAZone(request.timeZone);
      problems.push({ field: 'timeZone', message });
    }
    if (!dayInZone(request.date, 'UTC')) problems.push({ field: 'date', message: say.day.notADate(request.date) });
    const window = zone ? dayInZone(request.date, zone) : undefined;
    if (!kind || !zone || !windowsZone || !window) return refused({ problems });
    const token = await organizer.graphToken();
    if (!token.ok) return refused({ failure: sendFailureOf(token.error, say) });
    const caller = { accessToken: token.value };
    const events = await this.deps.graph.calendarBetween(window, caller);
    if (!events.ok) return refused({ failure: sendFailureOf(events.error, say) });
    const entries = await Promise.all(events.value.sort(byStart).map((event) => this.appointmentOf(event, caller, windowsZone, say)));
    return ok({ date: request.date, timeZone: zone, kind, entries, organizerZone: windowsZone });
  }

  private async appointmentOf(
    event: CalendarEvent,
    caller: { accessToken: string },
    organizerZone: WindowsTimeZone,
    say: Messages,
  ): Promise<PlannedAppointment> {
    const reasons = say.day.reasons;
    const base = { subject: event.subject, start: event.start, end: event.end, numbers: [] };
    const notTexted = (reason: string): PlannedAppointment => ({ appointment: { ...base, status: 'skipped', reason }, phoneNumbers: [] });
    const skipped = skipReason(event);
    if (skipped || !event.joinUrl) return notTexted(skipped ? reasons[skipped] : reasons.notTeams);
    const found = await this.deps.graph.findMeetingIdByJoinUrl(event.joinUrl, caller);
    if (!found.ok) return notTexted(reasons.meetingNotFound(say.failures[found.error.kind]));
    if (!found.value) return notTexted(reasons.noJoinLink);
    const saved = await this.deps.book.list(found.value);
    const numbers = saved.map((attendee) => attendee.masked);
    const phoneNumbers = saved.map((attendee) => attendee.phoneNumber);
    if (numbers.length === 0) {
      const reason = reasons.noNumbers;
      return { appointment: { ...base, status: 'noNumbers', onlineMeetingId: found.value, reason }, phoneNumbers };
    }
    // Shown before anything is sent: the zone each number's text will be written in.
    const timeZones = saved.map((attendee) => attendee.timeZone ?? organizerZone);
    return { appointment: { ...base, status: 'ready', onlineMeetingId: found.value, numbers, timeZones }, phoneNumbers };
  }
}

/** Why a calendar event is not an appointment the organizer can text; undefined when it is one. */
export function skipReason(event: CalendarEvent): 'cancelled' | 'allDay' | 'notOrganizer' | undefined {
  if (event.isCancelled) return 'cancelled';
  if (event.isAllDay) return 'allDay';
  if (!event.isOrganizer) return 'notOrganizer';
  return undefined;
}

function byStart(left: CalendarEvent, right: CalendarEvent): number {
  return left.start.localeCompare(right.start);
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function inBatches<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
