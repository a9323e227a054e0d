import { messagesFor, wordsOf } from '../domain/messages';
import { momentInZone } from '../domain/timeZones';
import { scheduleIdFrom, type Schedule, type ScheduledSend } from '../store/schedule';
import type { AttendeeBook } from './attendeeBook';

/** An appointment that started, as Teams reported it in its chat. */
export interface StartedAppointment {
  meetingId: string;
  organizerId: string;
  tenantId: string;
  title: string;
  chat: { id: string; organizerUserId: string };
  /** The language of the event's chat (Teams' locale): the question and its notes are in it. */
  locale?: string;
}

/** Where the organizer is asked: the appointment's chat (the bot host posts there). */
export interface NudgeAsker {
  ask(nudge: ScheduledSend): Promise<void>;
}

/**
 * A nudge when nobody joins: Teams tells the bot an appointment started (its meeting start event);
 * if it has saved numbers, a nudge waits in the schedule for the delay the admin set. Anyone but
 * the organizer joining (participant join events) cancels it; when it comes due, the organizer
 * alone is asked in the chat whether to text the attendees a reminder. Teams sends these events
 * only to a bot subscribed to them: without them nothing happens.
 */
export class MeetingNudges {
  constructor(
    private readonly deps: {
      schedule: Schedule;
      book: AttendeeBook;
      /** How long after the start nobody but the organizer may have joined. */
      afterMs: number;
      asker: () => NudgeAsker;
      now: () => Date;
    },
  ) {}

  /** The appointment started: a nudge waits, once per appointment and day, if it has numbers to text. */
  async started(appointment: StartedAppointment): Promise<void> {
    if ((await this.deps.book.list(appointment.meetingId)).length === 0) return;
    const at = this.deps.now();
    const due = new Date(at.getTime() + this.deps.afterMs);
    const say = messagesFor(appointment.locale);
    const nudge: ScheduledSend = {
      id: nudgeIdOf(appointment.meetingId, at),
      tenantId: appointment.tenantId,
      organizerId: appointment.organizerId,
      meetingId: appointment.meetingId,
      kind: 'reminder',
      why: 'nudge',
      maskedNumbers: [],
      dueAt: due.toISOString(),
      reason: say.schedule.nudgeAt(momentInZone(due, 'UTC', say)),
      language: say.language,
      chat: { ...appointment.chat, title: appointment.title },
      state: 'scheduled',
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    // A second start event (another instance, a rejoin) finds it there.
    await this.deps.schedule.add(nudge).catch(() => undefined);
  }

  /** Someone joined: anyone but the organizer means the appointment is under way, and nobody is asked. */
  async joined(meetingId: string, organizerId: string, joinedIds: readonly (string | undefined)[]): Promise<void> {
    if (joinedIds.every((id) => id?.toLowerCase() === organizerId.toLowerCase())) return;
    const waiting = (await this.deps.schedule.list(organizerId, meetingId)).filter(
      (item) => item.why === 'nudge' && item.state === 'scheduled',
    );
    const at = this.deps.now();
    for (const nudge of waiting) await this.deps.schedule.cancel(organizerId, nudge.id, at);
  }

  /** Due and still waiting: nobody but the organizer joined. The organizer is asked; the nudge is done. */
  async due(nudge: ScheduledSend): Promise<ScheduledSend> {
    const at = this.deps.now();
    await this.deps.asker().ask(nudge);
    return {
      ...nudge,
      state: 'done',
      reason: wordsOf(nudge).schedule.nudgeAsked,
      updatedAt: at.toISOString(),
    };
  }
}

/** One nudge per appointment and day. */
function nudgeIdOf(meetingId: string, at: Date): string {
  return scheduleIdFrom(`nudge/${meetingId}/${at.toISOString().slice(0, 10)}`);
}
