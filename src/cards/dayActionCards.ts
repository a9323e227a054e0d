import { NOTIFICATION_KINDS, type NotificationKind } from '../domain/notificationKinds';
import type { DayAction, DayAppointment, DayPreview } from '../domain/dayAction';
import type { SendStatus } from '../domain/sendReceipt';
import { timeZoneLabel } from '../domain/timeZones';
import dayTemplate from './templates/day.json';
import { type AdaptiveCardJson, expand, when } from './cardJson';
import { STATUS_WORDS } from './receiptCards';

/** What a day card shows of the day (the app's DayActions preview or record, masked numbers only). */
type DayView = Pick<DayPreview, 'date' | 'timeZone' | 'kind'> & { appointments: readonly DayCardRow[] };
type DayCardRow = Pick<DayAppointment, 'subject' | 'start' | 'status' | 'reason' | 'numbers' | 'timeZones' | 'texting' | 'receipt'>;

/** An appointment's masked numbers, each with the zone its text will be written in: "+1312•••4122 (Pacific (Los Angeles))". */
function numbersWithZones(appointment: Pick<DayAppointment, 'numbers' | 'timeZones'>): string {
  return appointment.numbers
    .map((masked, index) => {
      const zone = appointment.timeZones?.[index];
      return zone ? `${masked} (${timeZoneLabel(zone)})` : masked;
    })
    .join(', ');
}

const DAY_VERBS = { cancellation: 'Close', reschedule: 'Move', confirmation: 'Confirm', reminder: 'Remind' } as const;

/** What `close day` posts: the day is read from the organizer's calendar once they sign in. */
export function dayStartCard(kind: NotificationKind, date: string, carried: Record<string, unknown>): AdaptiveCardJson {
  return expand(dayTemplate, {
    choose: false,
    title: `${DAY_VERBS[kind]} ${date}?`,
    text: `See that day's appointments from your calendar and who would get the ${NOTIFICATION_KINDS[kind].label.toLowerCase()} text. Nothing is sent until you confirm.`,
    rows: [],
    actions: [{ title: "Show the day's appointments", verb: 'previewDayAction', data: carried }],
  });
}

/** The side panel's way in: which day, and whether it closes or moves; nothing is read or sent yet. */
export function dayChoiceCard(date: string, timeZone: string, kind: 'cancellation' | 'reschedule' = 'cancellation'): AdaptiveCardJson {
  return expand(dayTemplate, {
    choose: true,
    date,
    kind,
    title: 'Close or move a whole day',
    text: "See the day's appointments from your calendar and who would be texted. Nothing is sent until you confirm.",
    rows: [],
    actions: [{ title: "Show the day's appointments", verb: 'previewDayAction', data: { timeZone } }],
  });
}

/** Before anything goes out: the day's appointments, what each gets, and one button for them all. */
export function dayPreviewCard(day: DayView, carried: Record<string, unknown>): AdaptiveCardJson {
  const ready = day.appointments.filter((appointment) => appointment.status === 'ready').length;
  const label = NOTIFICATION_KINDS[day.kind].label.toLowerCase();
  return expand(dayTemplate, {
    choose: false,
    title: `${DAY_VERBS[day.kind]} ${day.date}: ${appointmentsLabel(ready)} to text`,
    text: ready > 0 ? `Each gets the ${label} text once. Nothing has been sent yet.` : 'No appointment of that day has numbers to text.',
    rows: dayRows(day, (appointment) => (appointment.status === 'ready' ? numbersWithZones(appointment) : (appointment.reason ?? ''))),
    actions: ready > 0 ? [{ title: `Text ${appointmentsLabel(ready)}`, verb: 'runDayAction', data: carried }] : [],
  });
}

const DAY_ACTION_TEXT: Record<DayAction['state'], string> = {
  running: 'Each appointment is texted once. This card updates as they complete.',
  done: 'Accepted by Microsoft for sending. Each appointment below says what happened to it.',
  interrupted:
    'The app stopped while texting this day. Each appointment says where it stands; run the day again to text the rest (nobody is texted twice).',
};

/** A day action as it stands: while texting (how many are done), after (each outcome), or cut off by a stop. */
export function dayActionCard(action: Pick<DayAction, 'state'> & DayView): AdaptiveCardJson {
  const ready = action.appointments.filter((appointment) => appointment.status === 'ready');
  const finished = ready.filter((appointment) => appointment.receipt).length;
  const sent = ready.filter((appointment) => appointment.receipt?.status === 'sent').length;
  const titles: Record<DayAction['state'], string> = {
    running: `Texting ${action.date}: ${finished} of ${ready.length} done`,
    done: `${action.date}: ${appointmentsLabel(sent)} texted`,
    interrupted: `${action.date}: stopped part-way, ${finished} of ${ready.length} done`,
  };
  return expand(dayTemplate, {
    choose: false,
    title: titles[action.state],
    text: DAY_ACTION_TEXT[action.state],
    rows: dayRows(action, (appointment) => dayAppointmentWords(appointment, action.state)),
    actions: [],
  });
}

/** One row per appointment: its time in the day's zone, its subject, and `detail`. */
function dayRows(day: DayView, detail: (appointment: DayCardRow) => string) {
  return day.appointments.map((appointment) => ({
    time: whenOnly(appointment.start, day.timeZone),
    subject: appointment.subject,
    detail: detail(appointment),
  }));
}

function appointmentsLabel(count: number): string {
  return count === 1 ? '1 appointment' : `${count} appointments`;
}

function dayAppointmentWords(appointment: DayCardRow, state: DayAction['state']): string {
  if (appointment.receipt) return dayOutcomeWords(appointment.receipt);
  if (appointment.texting) return 'Texting now…';
  if (appointment.status === 'ready' && state === 'running') return 'Waiting to be texted';
  return appointment.reason ?? '';
}

function dayOutcomeWords(receipt: {
  status: SendStatus;
  repeat?: boolean;
  failure?: { message: string };
  refused?: ReadonlyArray<{ reason: string }>;
}): string {
  const words = `${STATUS_WORDS[receipt.status]}${receipt.repeat ? ' (earlier)' : ''}`;
  const why = [receipt.failure?.message, ...(receipt.refused ?? []).map((line) => line.reason)].filter(Boolean);
  return why.length > 0 ? `${words}: ${why.join(' ')}` : words;
}

/** The time of day alone, in the zone, named ("9:00 AM CST"). */
function whenOnly(iso: string, timeZone: string): string {
  return when(iso, timeZone).replace(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, /, '');
}
