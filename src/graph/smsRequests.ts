import type { NotificationKind } from '../domain/notificationKinds';
import type { UsPhoneNumber } from '../domain/phoneNumbers';
import type { WindowsTimeZone } from '../domain/timeZones';

/** `attendeeNotificationInfo` in Graph's metadata. */
export interface Attendee {
  phoneNumber: UsPhoneNumber;
  timeZone: WindowsTimeZone;
}

export type SmsAction = 'sendVirtualAppointmentSms' | 'sendVirtualAppointmentReminderSms';

export type SmsRequestBody =
  | { attendees: Attendee[]; messageType: 'confirmation' | 'reschedule' | 'cancellation' }
  | { attendees: Attendee[]; remindBeforeTimeInMinutesType: 'mins15' };

/** The Graph action and its current (2024-02 onward) body for one kind of text. */
export function smsRequestFor(kind: NotificationKind, attendees: readonly Attendee[]): { action: SmsAction; body: SmsRequestBody } {
  const list = attendees.map(({ phoneNumber, timeZone }) => ({ phoneNumber, timeZone }));
  if (kind === 'reminder') {
    return { action: 'sendVirtualAppointmentReminderSms', body: { attendees: list, remindBeforeTimeInMinutesType: 'mins15' } };
  }
  return { action: 'sendVirtualAppointmentSms', body: { attendees: list, messageType: kind } };
}
