import type { AdaptiveCardJson } from '../cards/cardJson';
import type { SendReceipt } from '../domain/sendReceipt';
import { ApiClient, type ApiAnswer } from './apiClient';

/** What the organizer chose on the form, as the REST API's current body takes it. */
export interface SendChoice {
  kind: string;
  /** Each number, with its zone when the form gives it one (a saved number's). */
  attendees: Array<{ phoneNumber: string; timeZone?: string }>;
  /** The zone of numbers without their own (the typed ones). */
  timeZone: string;
  /** Send outside the sending hours or over a cap, saying why. */
  override?: { reason: string };
}

/** The app's own REST API for the organizer's side panel. */
export class AppointmentApi extends ApiClient {
  appointmentOfChat(chatId: string): Promise<ApiAnswer<{ onlineMeetingId: string; title: string }>> {
    return this.call('GET', `/api/me/chats/${encodeURIComponent(chatId)}/appointment`);
  }

  /** The send form, with what the organizer entered and what to fix (the server expands the shared template). */
  sendForm(
    onlineMeetingId: string,
    form: { cardId: string; meetingTitle: string; localTimeZone: string; inputs: Partial<Record<string, string>>; problems: string[] },
  ): Promise<ApiAnswer<AdaptiveCardJson>> {
    return this.call('POST', `${meetingPath(onlineMeetingId)}/cards/sendForm`, form);
  }

  historyCard(onlineMeetingId: string): Promise<ApiAnswer<AdaptiveCardJson>> {
    return this.call('GET', `${meetingPath(onlineMeetingId)}/cards/history?timeZone=${encodeURIComponent(browserTimeZone())}`);
  }

  receiptCard(onlineMeetingId: string, sendId: string): Promise<ApiAnswer<AdaptiveCardJson>> {
    const query = `timeZone=${encodeURIComponent(browserTimeZone())}`;
    return this.call('GET', `${meetingPath(onlineMeetingId)}/cards/receipts/${encodeURIComponent(sendId)}?${query}`);
  }

  /** One send; `sendKey` makes a repeated click (or a retry after a lost answer) the same send. */
  send(onlineMeetingId: string, choice: SendChoice, sendKey: string): Promise<ApiAnswer<SendReceipt>> {
    const { attendees } = choice;
    const timeZone = choice.timeZone ? { timeZone: choice.timeZone } : {};
    const reminder = choice.kind === 'reminder';
    const action = reminder ? 'sendVirtualAppointmentReminderSms' : 'sendVirtualAppointmentSms';
    const override = choice.override ? { override: choice.override } : {};
    const body = reminder
      ? { attendees, remindBeforeTimeInMinutesType: 'mins15', ...timeZone, ...override }
      : { attendees, messageType: choice.kind, ...timeZone, ...override };
    return this.call('POST', `${meetingPath(onlineMeetingId)}/${action}`, body, { 'Idempotency-Key': sendKey });
  }

  /** The appointment's texts waiting to go (held, the automatic reminder), as a card. */
  scheduledCard(onlineMeetingId: string): Promise<ApiAnswer<AdaptiveCardJson>> {
    return this.call('GET', `${meetingPath(onlineMeetingId)}/cards/scheduled?timeZone=${encodeURIComponent(browserTimeZone())}`);
  }

  /** Turns the organizer's standing reminders on (numbers without a zone in the browser's) or off. */
  setStandingReminders(enabled: boolean): Promise<ApiAnswer<unknown>> {
    return this.call('PUT', '/api/me/standingReminders', enabled ? { enabled, timeZone: browserTimeZone() } : { enabled });
  }

  cancelScheduled(scheduleId: string): Promise<ApiAnswer<unknown>> {
    return this.call('DELETE', `/api/me/scheduledSends/${encodeURIComponent(scheduleId)}`);
  }

  /** Turns on the reminder 15 minutes before the appointment, for attendees in the browser's zone. */
  remindBefore(onlineMeetingId: string): Promise<ApiAnswer<unknown>> {
    return this.call('POST', `${meetingPath(onlineMeetingId)}/scheduledReminder`, { timeZone: browserTimeZone() });
  }

  /** Which day to close or move: a card with the date (today, where the browser is) and the kind. */
  dayChoiceCard(date: string): Promise<ApiAnswer<AdaptiveCardJson>> {
    const query = `date=${encodeURIComponent(date)}&timeZone=${encodeURIComponent(browserTimeZone())}`;
    return this.call('GET', `/api/me/virtualAppointments/cards/dayChoice?${query}`);
  }

  /** The day's appointments from the organizer's calendar and who each would text; nothing is sent. */
  dayActionPreviewCard(day: DayChoice): Promise<ApiAnswer<AdaptiveCardJson>> {
    return this.call('POST', '/api/me/virtualAppointments/cards/dayActions/preview', dayBody(day));
  }

  /** Texts every appointment of the day once; answers when each has its outcome. */
  runDayAction(day: DayChoice): Promise<ApiAnswer<{ id: string }>> {
    return this.call('POST', '/api/me/virtualAppointments/dayActions', dayBody(day));
  }

  /** A day action as it stands (texting, done, or cut off), as a card. */
  dayActionCard(id: string): Promise<ApiAnswer<AdaptiveCardJson>> {
    return this.call('GET', `/api/me/virtualAppointments/cards/dayActions/${encodeURIComponent(id)}`);
  }
}

/** A day to close or move, as the day card's inputs hold it. */
export interface DayChoice {
  date: string;
  kind: string;
  timeZone: string;
}

function dayBody(day: DayChoice) {
  return { date: day.date, messageType: day.kind, timeZone: day.timeZone };
}

function meetingPath(onlineMeetingId: string): string {
  return `/api/me/onlineMeetings/${encodeURIComponent(onlineMeetingId)}`;
}

/** Where the organizer's browser is: the zone the side panel's cards tell times in. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
