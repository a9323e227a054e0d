/**
 * The four texts an organizer can send. Graph splits them over two actions: the first three are
 * `sendVirtualAppointmentSms` message types, the reminder is `sendVirtualAppointmentReminderSms`.
 */
export const NOTIFICATION_KINDS = {
  confirmation: { label: 'Confirmation', describes: 'confirms the appointment' },
  reschedule: { label: 'Reschedule', describes: 'tells the attendee the appointment moved' },
  cancellation: { label: 'Cancellation', describes: 'tells the attendee the appointment is cancelled' },
  reminder: { label: 'Reminder (15 minutes before)', describes: 'reminds the attendee 15 minutes before it starts' },
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const NOTIFICATION_KIND_IDS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

const ALIASES = new Map<string, NotificationKind>(
  Object.entries({
    confirm: 'confirmation',
    confirmed: 'confirmation',
    reschedule: 'reschedule',
    rescheduled: 'reschedule',
    cancel: 'cancellation',
    cancelled: 'cancellation',
    canceled: 'cancellation',
    remind: 'reminder',
    reminder15: 'reminder',
    mins15: 'reminder',
  } satisfies Record<string, NotificationKind>),
);

function isNotificationKind(value: string): value is NotificationKind {
  return Object.hasOwn(NOTIFICATION_KINDS, value);
}

/** Reads a kind as a person types it (`cancel`, `Reminder`, `mins15`); undefined when unknown. */
export function parseNotificationKind(text: string): NotificationKind | undefined {
  const key = text.trim().toLowerCase();
  if (isNotificationKind(key)) return key;
  return ALIASES.get(key);
}

export function describeAllowedKinds(): string {
  return NOTIFICATION_KIND_IDS.join(', ');
}
