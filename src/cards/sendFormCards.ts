import type { Messages } from '../domain/messages';
import { NOTIFICATION_KIND_IDS, type NotificationKind } from '../domain/notificationKinds';
import { formatUsNumber, type UsPhoneNumber } from '../domain/phoneNumbers';
import { timeZoneLabel, zoneChoices, type WindowsTimeZone } from '../domain/timeZones';
import { savedZoneInput, sendToTitle } from './sendFormInputs';
import confirm from './templates/confirm.json';
import sendForm from './templates/sendForm.json';
import summary from './templates/summary.json';
import { type AdaptiveCardJson, expand, fixedWords } from './cardJson';

export interface SendFormData {
  cardId: string;
  /** Outside a meeting chat: the join link the meeting was found by, carried to the next action. */
  joinUrl?: string;
  organizerUserId: string;
  meetingTitle: string;
  /** The appointment's saved numbers, each with the zone it will be texted in (the organizer sees them in full). */
  savedNumbers: ReadonlyArray<{ phoneNumber: UsPhoneNumber; name?: string; timeZone: WindowsTimeZone }>;
  selectedNumbers?: readonly string[];
  extraNumbers?: string;
  overrideReason?: string;
  /** The zone of the typed numbers. */
  timeZone: WindowsTimeZone;
  kind?: string;
  /** Shown above the form: each refused number and each field problem. */
  problems?: ReadonlyArray<{ message: string }>;
  /** The form's button: review first (cards in Teams), or send (the side panel counts as it goes). */
  submit?: { verb: 'review' | 'send'; title: string };
}

/** What everyone in the chat sees; the organizer's client refreshes it into the form. */
export function summaryCard(data: Pick<SendFormData, 'cardId' | 'organizerUserId' | 'meetingTitle'>, say: Messages): AdaptiveCardJson {
  return expand(summary, { ...data, t: fixedWords(say.form) });
}

/** A saved number as the organizer reads it: the name, and the number as people write it. */
function savedNumberTitle(saved: { phoneNumber: UsPhoneNumber; name?: string }): string {
  const number = formatUsNumber(saved.phoneNumber);
  return saved.name ? `${saved.name} · ${number}` : number;
}

export function sendFormCard(data: SendFormData, say: Messages): AdaptiveCardJson {
  const chosenZones = [data.timeZone, ...data.savedNumbers.map((saved) => saved.timeZone)];
  return expand(sendForm, {
    ...data,
    t: fixedWords(say.form),
    notice: say.form.notice,
    joinUrl: data.joinUrl ?? '',
    savedNumbers: data.savedNumbers.map((saved) => ({ title: savedNumberTitle(saved), value: saved.phoneNumber })),
    // Each saved number keeps its attendee's zone, shown and changeable here.
    savedZones: data.savedNumbers.map((saved) => ({
      id: savedZoneInput(saved.phoneNumber),
      label: say.form.zoneOf(savedNumberTitle(saved)),
      value: saved.timeZone,
    })),
    typedZoneLabel: data.savedNumbers.length > 0 ? say.form.typedZone : say.form.attendeesZone,
    // Nothing is ticked unless the organizer chose it for this send: a saved number is not a standing order.
    selectedNumbers: (data.selectedNumbers ?? []).join(','),
    extraNumbers: data.extraNumbers ?? '',
    overrideReason: data.overrideReason ?? '',
    kind: data.kind ?? 'confirmation',
    timeZones: zoneChoices(...chosenZones).map((zone) => ({ title: timeZoneLabel(zone.windows, say), value: zone.windows })),
    kinds: NOTIFICATION_KIND_IDS.map((kind) => ({ title: say.kinds[kind], value: kind })),
    problems: data.problems ?? [],
    submit: data.submit ?? { verb: 'review', title: say.form.review },
  });
}

/**
 * Who will be texted, before anything is sent: Adaptive Cards cannot count ticked boxes as they
 * change, so the count is said here, on the button that sends.
 */
export function confirmCard(
  review: {
    kind: NotificationKind;
    /** Each number to text, in the zone its text is written in; shown in full, to the organizer alone. */
    attendees: ReadonlyArray<{ phoneNumber: UsPhoneNumber; timeZone: WindowsTimeZone }>;
    /** What Send carries: exactly the numbers shown. */
    sendData: Record<string, unknown>;
    /** What Change carries back to the form: the entries as they were. */
    changeData: Record<string, unknown>;
  },
  say: Messages,
): AdaptiveCardJson {
  const people = review.attendees.length;
  return expand(confirm, {
    t: fixedWords(say.confirm),
    headline: say.confirm.headline(say.kindInSentence[review.kind], people),
    numbers: review.attendees.map((attendee) => ({
      number: formatUsNumber(attendee.phoneNumber),
      zone: timeZoneLabel(attendee.timeZone, say),
    })),
    sendTitle: sendToTitle(people, say),
    sendData: review.sendData,
    changeData: review.changeData,
  });
}
