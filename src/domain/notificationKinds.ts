import { foldedWord } from './typedWords';

/**
 * The four texts an organizer can send. Graph splits them over two actions: the first three are
 * `sendVirtualAppointmentSms` message types, the reminder is `sendVirtualAppointmentReminderSms`.
 */
export const NOTIFICATION_KIND_IDS = ['confirmation', 'reschedule', 'cancellation', 'reminder'] as const;

/** Their names for people are the catalog's (`Messages.kinds`). */
export type NotificationKind = (typeof NOTIFICATION_KIND_IDS)[number];

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
    // As a Spanish-speaking organizer types them (accents left out: they are folded away first).
    confirmacion: 'confirmation',
    confirmar: 'confirmation',
    cambio: 'reschedule',
    reprogramar: 'reschedule',
    cancelacion: 'cancellation',
    cancelar: 'cancellation',
    recordatorio: 'reminder',
  } satisfies Record<string, NotificationKind>),
);

function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KIND_IDS as readonly string[]).includes(value);
}

/** Reads a kind as a person types it (`cancel`, `Reminder`, `mins15`, `cancelación`); undefined when unknown. */
export function parseNotificationKind(text: string): NotificationKind | undefined {
  const key = foldedWord(text);
  if (isNotificationKind(key)) return key;
  return ALIASES.get(key);
}

export function describeAllowedKinds(): string {
  return NOTIFICATION_KIND_IDS.join(', ');
}
