import type { Messages } from './messages';
import { describeAllowedKinds, parseNotificationKind, type NotificationKind } from './notificationKinds';
import { checkAttendeeNumbers, type NumberCheck, type UsPhoneNumber } from './phoneNumbers';
import type { SendFailure } from './sendReceipt';
import { toWindowsTimeZone, US_TIME_ZONES, type WindowsTimeZone } from './timeZones';

/** Appointments have a handful of external attendees; a long list is a mistake or misuse. */
export const MAX_NUMBERS_PER_SEND = 20;

interface AttendeeInput {
  phoneNumber: string;
  /** Windows name or IANA id; the request's time zone when absent. */
  timeZone?: string;
}

/** What an organizer asked for, as typed (card, chat command or REST body). */
export interface SendRequestInput {
  attendees: readonly AttendeeInput[];
  kind: string;
  /** For attendees without a zone of their own (given, or saved with their number). */
  timeZone?: string;
}

/** The appointment's saved numbers (E.164), each with the zone it keeps (none for numbers saved before zones were). */
export type SavedZones = ReadonlyMap<string, WindowsTimeZone | undefined>;

export interface FieldProblem {
  /** `kind`, `timeZone`, `attendees` or `attendees[2].timeZone`. */
  field: string;
  message: string;
}

/** Why a request was not taken: what to fix, field by field, or a failure to reach what it needs. */
export type RequestRefusal = { problems: FieldProblem[] } | { failure: SendFailure };

/** A refusal in one line: every problem, or the failure. */
export function refusalMessage(refusal: RequestRefusal): string {
  return 'failure' in refusal ? refusal.failure.message : refusal.problems.map((problem) => problem.message).join(' ');
}

interface PlannedAttendee {
  phoneNumber: UsPhoneNumber;
  timeZone: WindowsTimeZone;
}

export interface SendPlan {
  kind: NotificationKind;
  attendees: PlannedAttendee[];
}

/** A plan only when every field and every number is right: invalid input sends nothing. */
export interface CheckedSendRequest {
  numbers: NumberCheck[];
  problems: FieldProblem[];
  /** The kind asked for, when understood, even if the request is refused (the history names it). */
  kind?: NotificationKind;
  plan?: SendPlan;
  /**
   * Some attendee has no zone: none given, none saved, and the request names none. Nothing is
   * planned; the caller finds the organizer's own zone and asks again, or refuses with `ZONE_MISSING`.
   */
  zoneMissing?: boolean;
}

/** Said when an attendee's zone is known nowhere: the text would tell them the wrong hour. */
export function zoneMissing(say: Pick<Messages, 'problems'>): FieldProblem {
  return { field: 'timeZone', message: say.problems.zoneMissing(US_TIME_ZONES[0].windows) };
}

/**
 * Every check of a send, with nothing sent. Each attendee's zone is the one given with them, else
 * the one saved with their number, else the request's (the organizer's own, as the caller found
 * it); an attendee with none is a problem to fix, never a guess.
 */
export function checkSendRequest(input: SendRequestInput, say: Messages, savedZones: SavedZones = new Map()): CheckedSendRequest {
  const numbers = checkAttendeeNumbers(
    input.attendees.map((attendee) => attendee.phoneNumber),
    say,
  );
  const problems: FieldProblem[] = [];
  const kind = parseNotificationKind(input.kind);
  if (!kind) problems.push({ field: 'kind', message: say.problems.notAKind(input.kind, describeAllowedKinds()) });
  const checkTimeZone = (name: string, field: string) => checkedZone(name, field, problems, say);
  const requestZone = input.timeZone === undefined ? undefined : checkTimeZone(input.timeZone, 'timeZone');
  // checkAttendeeNumbers answers each entry in order: numbers[index] is this attendee's.
  const zones = input.attendees.map((attendee, index) => {
    if (attendee.timeZone !== undefined) return checkTimeZone(attendee.timeZone, `attendees[${index}].timeZone`);
    const check = numbers[index];
    return (check.status !== 'refused' ? savedZones.get(check.number) : undefined) ?? requestZone;
  });
  const zoneMissing = input.timeZone === undefined && zones.some((zone, index) => zone === undefined && numbers[index]?.status === 'valid');
  problems.push(...numberListProblems(numbers, say));
  const refused = numbers.some((check) => check.status === 'refused');
  if (problems.length > 0 || refused || !kind || zoneMissing) return { numbers, problems, kind, ...(zoneMissing ? { zoneMissing } : {}) };
  const attendees = numbers.flatMap((check, index) =>
    check.status === 'valid' ? [{ phoneNumber: check.number, timeZone: zones[index] as WindowsTimeZone }] : [],
  );
  return { numbers, problems, kind, plan: { kind, attendees } };
}

function checkedZone(name: string, field: string, problems: FieldProblem[], say: Messages): WindowsTimeZone | undefined {
  const zone = toWindowsTimeZone(name);
  if (!zone) {
    const example = US_TIME_ZONES[0];
    problems.push({ field, message: say.problems.notAZone(name, example.windows, example.iana) });
  }
  return zone;
}

function numberListProblems(numbers: readonly NumberCheck[], say: Messages): FieldProblem[] {
  if (numbers.length === 0) return [{ field: 'attendees', message: say.problems.noNumbers }];
  const unique = numbers.filter((check) => check.status === 'valid').length;
  if (unique > MAX_NUMBERS_PER_SEND) {
    return [{ field: 'attendees', message: say.problems.tooManyNumbers(unique, MAX_NUMBERS_PER_SEND) }];
  }
  return [];
}

/** The same request with one time zone for every typed number (cards and chat commands). */
export function sendRequestFor(numbers: readonly string[], kind: string, timeZone?: string): SendRequestInput {
  return { attendees: numbers.map((phoneNumber) => ({ phoneNumber })), kind, timeZone };
}

/**
 * Refuses the numbers an organization must not text (its do-not-text list): the whole send
 * waits until they are taken out, like any other refused number.
 */
export function refuseDoNotText(checked: CheckedSendRequest, blocked: ReadonlySet<UsPhoneNumber>, say: Messages): CheckedSendRequest {
  if (blocked.size === 0) return checked;
  const numbers = checked.numbers.map((check): NumberCheck =>
    check.status !== 'refused' && blocked.has(check.number)
      ? {
          input: check.input,
          status: 'refused',
          reason: 'doNotText',
          message: say.numbers.doNotText(check.input),
        }
      : check,
  );
  return { numbers, problems: checked.problems, kind: checked.kind };
}
