import type { Messages } from '../domain/messages';
import type { NotificationKind } from '../domain/notificationKinds';
import type { DayAction, DayAppointment, DayPreview } from '../domain/dayAction';
import type { SendStatus } from '../domain/sendReceipt';
import { momentInZone, timeZoneLabel } from '../domain/timeZones';
import dayTemplate from './templates/day.json';
import { type AdaptiveCardJson, expand, fixedWords } from './cardJson';

/** What a day card shows of the day (the app's DayActions preview or record, masked numbers only). */
type DayView = Pick<DayPreview, 'date' | 'timeZone' | 'kind'> & { appointments: readonly DayCardRow[] };
type DayCardRow = Pick<DayAppointment, 'subject' | 'start' | 'status' | 'reason' | 'numbers' | 'timeZones' | 'texting' | 'receipt'>;

/** An appointment's masked numbers, each with the zone its text will be written in: "+1312•••4122 (Pacific (Los Angeles))". */
function numbersWithZones(appointment: Pick<DayAppointment, 'numbers' | 'timeZones'>, say: Messages): string {
  return appointment.numbers
    .map((masked, index) => {
      const zone = appointment.timeZones?.[index];
      return zone ? `${masked} (${timeZoneLabel(zone, say)})` : masked;
    })
    .join(', ');
}

/** What `close day` posts: the day is read from the organizer's calendar once they sign in. */
export function dayStartCard(kind: NotificationKind, date: string, carried: Record<string, unknown>, say: Messages): AdaptiveCardJson {
  return expand(dayTemplate, {
    t: fixedWords(say.day),
    choose: false,
    title: say.day.ask[kind](date),
    text: say.day.startText(kindWord(kind, say)),
    rows: [],
    actions: [{ title: say.day.show, verb: 'previewDayAction', data: carried }],
  });
}

/** A kind inside a sentence, as a plain word ("cancellation"). */
function kindWord(kind: NotificationKind, say: Messages): string {
  return say.kinds[kind].toLocaleLowerCase(say.language);
}

/** The side panel's way in: which day, and whether it closes or moves; nothing is read or sent yet. */
export function dayChoiceCard(
  date: string,
  timeZone: string,
  say: Messages,
  kind: 'cancellation' | 'reschedule' = 'cancellation',
): AdaptiveCardJson {
  return expand(dayTemplate, {
    t: fixedWords(say.day),
    choose: true,
    date,
    kind,
    title: say.day.chooseTitle,
    text: say.day.chooseText,
    rows: [],
    actions: [{ title: say.day.show, verb: 'previewDayAction', data: { timeZone } }],
  });
}

/** Before anything goes out: the day's appointments, what each gets, and one button for them all. */
export function dayPreviewCard(day: DayView, carried: Record<string, unknown>, say: Messages): AdaptiveCardJson {
  const ready = day.appointments.filter((appointment) => appointment.status === 'ready').length;
  return expand(dayTemplate, {
    t: fixedWords(say.day),
    choose: false,
    title: say.day.preview[day.kind](day.date, ready),
    text: ready > 0 ? say.day.eachGets(kindWord(day.kind, say)) : say.day.noneToText,
    rows: dayRows(day, say, (appointment) =>
      appointment.status === 'ready' ? numbersWithZones(appointment, say) : (appointment.reason ?? ''),
    ),
    actions: ready > 0 ? [{ title: say.day.textAll(ready), verb: 'runDayAction', data: carried }] : [],
  });
}

/** A day action as it stands: while texting (how many are done), after (each outcome), or cut off by a stop. */
export function dayActionCard(action: Pick<DayAction, 'state'> & DayView, say: Messages): AdaptiveCardJson {
  const ready = action.appointments.filter((appointment) => appointment.status === 'ready');
  const finished = ready.filter((appointment) => appointment.receipt).length;
  const sent = ready.filter((appointment) => appointment.receipt?.status === 'sent').length;
  const titles: Record<DayAction['state'], string> = {
    running: say.day.running(action.date, finished, ready.length),
    done: say.day.done(action.date, sent),
    interrupted: say.day.interrupted(action.date, finished, ready.length),
  };
  return expand(dayTemplate, {
    t: fixedWords(say.day),
    choose: false,
    title: titles[action.state],
    text: say.day.states[action.state],
    rows: dayRows(action, say, (appointment) => dayAppointmentWords(appointment, action.state, say)),
    actions: [],
  });
}

/** One row per appointment: its time in the day's zone, its subject, and `detail`. */
function dayRows(day: DayView, say: Messages, detail: (appointment: DayCardRow) => string) {
  return day.appointments.map((appointment) => ({
    time: momentInZone(appointment.start, day.timeZone, say, 'timeOfDay'),
    subject: appointment.subject,
    detail: detail(appointment),
  }));
}

function dayAppointmentWords(appointment: DayCardRow, state: DayAction['state'], say: Messages): string {
  if (appointment.receipt) return dayOutcomeWords(appointment.receipt, say);
  if (appointment.texting) return say.day.textingNow;
  if (appointment.status === 'ready' && state === 'running') return say.day.waiting;
  return appointment.reason ?? '';
}

function dayOutcomeWords(
  receipt: {
    status: SendStatus;
    repeat?: boolean;
    failure?: { message: string };
    refused?: ReadonlyArray<{ reason: string }>;
  },
  say: Messages,
): string {
  const words = `${say.statusWords[receipt.status]}${receipt.repeat ? say.day.earlier : ''}`;
  const why = [receipt.failure?.message, ...(receipt.refused ?? []).map((line) => line.reason)].filter(Boolean);
  return why.length > 0 ? `${words}: ${why.join(' ')}` : words;
}
