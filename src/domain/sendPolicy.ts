import { describeAllowedKinds, parseNotificationKind, type NotificationKind } from './notificationKinds';
import { checkAttendeeNumbers, validNumbers, type NumberCheck, type UsPhoneNumber } from './phoneNumbers';
import { DEFAULT_TIME_ZONE, toWindowsTimeZone, US_TIME_ZONES, type WindowsTimeZone } from './timeZones';

/** Appointments have a handful of external attendees; a long list is a mistake or misuse. */
export const MAX_NUMBERS_PER_SEND = 20;

/** What an organizer asked for, as typed (card, chat command or REST body). */
export interface SendRequestInput {
  numbers: readonly string[];
  kind: string;
  /** Windows name or IANA id; the default zone when absent. */
  timeZone?: string;
}

export type SendField = 'numbers' | 'kind' | 'timeZone';

export interface FieldProblem {
  field: SendField;
  message: string;
}

export interface SendPlan {
  kind: NotificationKind;
  timeZone: WindowsTimeZone;
  numbers: UsPhoneNumber[];
}

/** A plan only when every field and every number is right: invalid input sends nothing. */
export interface CheckedSendRequest {
  numbers: NumberCheck[];
  problems: FieldProblem[];
  plan?: SendPlan;
}

export function checkSendRequest(input: SendRequestInput): CheckedSendRequest {
  const numbers = checkAttendeeNumbers(input.numbers);
  const problems: FieldProblem[] = [];
  const kind = parseNotificationKind(input.kind);
  if (!kind) {
    problems.push({ field: 'kind', message: `"${input.kind}" is not a kind of text. Choose one of: ${describeAllowedKinds()}.` });
  }
  const timeZone = input.timeZone === undefined ? DEFAULT_TIME_ZONE : toWindowsTimeZone(input.timeZone);
  if (!timeZone) {
    problems.push({
      field: 'timeZone',
      message: `"${input.timeZone}" is not a time zone. Use a Windows name such as "${US_TIME_ZONES[0]!.windows}" or an IANA id such as "${US_TIME_ZONES[0]!.iana}".`,
    });
  }
  problems.push(...numberListProblems(numbers));
  const refused = numbers.some((check) => check.status === 'refused');
  if (problems.length > 0 || refused || !kind || !timeZone) return { numbers, problems };
  return { numbers, problems, plan: { kind, timeZone, numbers: validNumbers(numbers) } };
}

function numberListProblems(numbers: readonly NumberCheck[]): FieldProblem[] {
  if (numbers.length === 0) return [{ field: 'numbers', message: 'Add at least one attendee phone number.' }];
  const unique = validNumbers(numbers).length;
  if (unique > MAX_NUMBERS_PER_SEND) {
    return [{ field: 'numbers', message: `${unique} numbers is more than ${MAX_NUMBERS_PER_SEND} per send. Split the list.` }];
  }
  return [];
}
