import type { NotificationKind } from './notificationKinds';
import type { WindowsTimeZone } from './timeZones';
import { wordsOf, type Language } from './messages';
import { failureOf, toStoredReceipt, type SendFailure, type SendReceipt, type SendStatus } from './sendReceipt';

/** `ready`: will be texted; `noNumbers`: an appointment with no saved numbers; `skipped`: not an appointment to text. */
type DayAppointmentStatus = 'ready' | 'noNumbers' | 'skipped';

/** What a day action keeps of an appointment's receipt: the outcome, never the numbers as typed. */
interface DayReceipt {
  sendId?: string;
  status: SendStatus;
  repeat?: boolean;
  failure?: Pick<SendFailure, 'reason' | 'message'>;
  /** Each number refused, and why (masked: the day's record is seen beside others' appointments). */
  refused?: Array<{ masked: string; reason: string }>;
}

/** One event of the day, what happens to it and why. Numbers masked only. */
export interface DayAppointment {
  subject: string;
  start: string;
  end: string;
  status: DayAppointmentStatus;
  reason?: string;
  onlineMeetingId?: string;
  numbers: string[];
  /** The zone each of `numbers` will be texted in (its saved one, else the organizer's), in the same order. */
  timeZones?: WindowsTimeZone[];
  /** Being texted right now. */
  texting?: boolean;
  receipt?: DayReceipt;
}

/** A day as read from the organizer's calendar, in their zone. */
export interface DayPreview {
  date: string;
  timeZone: string;
  kind: NotificationKind;
  appointments: DayAppointment[];
}

/**
 * `running` while its appointments are texted; `done` when each has its outcome; `interrupted`
 * when the run stopped part-way (the app was stopped or lost): each appointment then says
 * whether it was texted, was being texted (unknown), or was not reached.
 */
type DayActionState = 'running' | 'done' | 'interrupted';

/** A day action as recorded: the preview it ran, each appointment's outcome so far, and a summary. */
export interface DayAction extends DayPreview {
  id: string;
  state: DayActionState;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** How many appointments stand how: sent, refused, failed, uncertain, texting, waiting, notTexted, noNumbers, skipped. */
  summary: Record<string, number>;
  /** The organizer's language: what is written into the record later (a stop's words) is in it too. */
  language?: Language;
}

/** One day action per day and kind: running it again is the same action (nobody is texted twice). */
export function dayActionId(date: string, kind: NotificationKind): string {
  return `${date}.${kind}`;
}

export function dayReceiptOf(receipt: SendReceipt): DayReceipt {
  const { sendId, status, repeat, failure, numbers } = toStoredReceipt(receipt);
  const refused = numbers.flatMap((line) => (line.outcome === 'refused' ? [{ masked: line.masked, reason: line.reason ?? '' }] : []));
  return {
    ...(sendId ? { sendId } : {}),
    status,
    ...(repeat ? { repeat } : {}),
    ...(failure ? { failure: { reason: failure.reason, message: failure.message } } : {}),
    ...(refused.length > 0 ? { refused } : {}),
  };
}

export function summaryOf(appointments: readonly DayAppointment[], state: DayActionState): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const appointment of appointments) {
    const outcome = appointment.receipt?.status ?? (appointment.texting ? 'texting' : notReached(appointment, state));
    summary[outcome] = (summary[outcome] ?? 0) + 1;
  }
  return summary;
}

function notReached(appointment: DayAppointment, state: DayActionState): string {
  if (appointment.status !== 'ready') return appointment.status;
  return state === 'running' ? 'waiting' : 'notTexted';
}

/** A run that stopped part-way, as it stands: the one being texted is unknown, the rest not reached. */
export function interruptedAction(action: DayAction): DayAction {
  const say = wordsOf(action);
  const appointments = action.appointments.map((appointment): DayAppointment => {
    const { texting, ...rest } = appointment;
    if (texting) return { ...rest, receipt: { status: 'uncertain', failure: failureOf('interrupted', say) } };
    if (rest.status === 'ready' && !rest.receipt) return { ...rest, reason: say.day.reasons.notReached };
    return rest;
  });
  return { ...action, state: 'interrupted', appointments, summary: summaryOf(appointments, 'interrupted') };
}
