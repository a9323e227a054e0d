import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { LRUCache } from 'lru-cache';
import { findIana } from 'windows-iana';

type SmsAction = 'sendVirtualAppointmentSms' | 'sendVirtualAppointmentReminderSms';

/** Each action's parameters and the enum its kind parameter takes (from Graph's CSDL). */
const ACTIONS: Record<SmsAction, { kindParameter: string; enumType: string; members: string[] }> = {
  sendVirtualAppointmentSms: {
    kindParameter: 'messageType',
    enumType: 'microsoft.graph.virtualAppointmentMessageType',
    members: ['confirmation', 'reschedule', 'cancellation', 'unknownFutureValue'],
  },
  sendVirtualAppointmentReminderSms: {
    kindParameter: 'remindBeforeTimeInMinutesType',
    enumType: 'microsoft.graph.remindBeforeTimeInMinutesType',
    members: ['mins15', 'unknownFutureValue'],
  },
};

export function isSmsAction(name: string): name is SmsAction {
  return Object.hasOwn(ACTIONS, name);
}

/** The first reason Graph would answer 400, or undefined when the body is one Graph accepts. */
export function invalidBodyReason(action: SmsAction, body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'The request body must be a JSON object.';
  }
  const { kindParameter, enumType, members } = ACTIONS[action];
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'attendees' && key !== kindParameter) {
      return `The parameter '${key}' in the request payload is not a valid parameter for the operation '${action}'.`;
    }
  }
  const kind = record[kindParameter];
  if (kind === undefined || kind === null) return `The parameter '${kindParameter}' is required.`;
  if (typeof kind !== 'string' || !members.includes(kind)) {
    return `Cannot convert the literal '${JSON.stringify(kind)}' to the expected type '${enumType}'.`;
  }
  if (kind === 'unknownFutureValue') return `'${kind}' is not a supported value of '${enumType}'.`;
  return invalidAttendeesReason(record.attendees);
}

function invalidAttendeesReason(attendees: unknown): string | undefined {
  if (!Array.isArray(attendees) || attendees.length === 0) {
    return "The parameter 'attendees' must be a non-empty collection of microsoft.graph.attendeeNotificationInfo.";
  }
  for (const attendee of attendees) {
    const reason = invalidAttendeeReason(attendee);
    if (reason) return reason;
  }
  return undefined;
}

function invalidAttendeeReason(attendee: unknown): string | undefined {
  if (typeof attendee !== 'object' || attendee === null) return 'Each attendee must be an object.';
  const { phoneNumber, timeZone, ...rest } = attendee as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey) {
    return `The property '${unknownKey}' does not exist on type 'microsoft.graph.attendeeNotificationInfo'.`;
  }
  if (typeof phoneNumber !== 'string' || !isUsE164(phoneNumber)) {
    return `Invalid phone number '${String(phoneNumber)}'. Only valid United States phone numbers in E.164 format are supported.`;
  }
  if (typeof timeZone !== 'string' || !isWindowsZone(timeZone)) {
    return `Invalid time zone '${String(timeZone)}'. Use a Windows time zone name such as 'Pacific Standard Time'.`;
  }
  return undefined;
}

function isUsE164(number: string): boolean {
  const parsed = parsePhoneNumberFromString(number);
  return parsed !== undefined && parsed.number === number && parsed.country === 'US' && parsed.isValid();
}

/** windows-iana scans its whole table on each lookup: the most of the sandbox's CPU per text under load (bench). Bounded, as the app's own. */
const windowsZones = new LRUCache<string, boolean>({ max: 1_000 });

function isWindowsZone(name: string): boolean {
  let known = windowsZones.get(name);
  if (known === undefined) {
    known = findIana(name).length > 0;
    windowsZones.set(name, known);
  }
  return known;
}
