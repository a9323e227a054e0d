import type { Messages } from '../domain/messages';
import { normalizeUsNumber, type UsPhoneNumber } from '../domain/phoneNumbers';
import { defaultAttendeeZone, toWindowsTimeZone, type WindowsTimeZone } from '../domain/timeZones';
import { sendFormCard } from './sendFormCards';
import type { AdaptiveCardJson } from './cardJson';
import { chosenSavedNumbers, zoneOnForm, type SendFormInputs } from './sendFormInputs';

/** The form for a meeting, keeping what the organizer entered and showing what to fix. */
export function sendFormFor(
  saved: ReadonlyArray<{ phoneNumber: UsPhoneNumber; name?: string; timeZone?: WindowsTimeZone }>,
  meeting: { title: string; organizerUserId: string },
  form: {
    cardId: string;
    localTimezone?: string;
    data: SendFormInputs;
    problems?: ReadonlyArray<{ message: string }>;
    submit?: { verb: 'review' | 'send'; title: string };
  },
  say: Messages,
): AdaptiveCardJson {
  const { data } = form;
  // Who nobody gave a zone gets the organizer's own; a saved number shows its own, or the one chosen here.
  const organizerZone = defaultAttendeeZone(form.localTimezone);
  const zoneChosen = (phoneNumber: string) => toWindowsTimeZone(zoneOnForm(data, phoneNumber) ?? '');
  const savedSet = new Set<string>(saved.map((entry) => entry.phoneNumber));
  // What the organizer named for this send (`sms cancel <numbers>`): saved ones are ticked, others typed.
  const named = (data.numbers ?? []).map((typed) => ({ typed, normalized: savedNumberOf(typed, savedSet, say) }));
  return sendFormCard(
    {
      cardId: form.cardId,
      joinUrl: data.joinUrl,
      organizerUserId: meeting.organizerUserId,
      meetingTitle: meeting.title,
      savedNumbers: saved.map((entry) => ({ ...entry, timeZone: zoneChosen(entry.phoneNumber) ?? entry.timeZone ?? organizerZone })),
      selectedNumbers: chosenSavedNumbers(data) ?? named.flatMap(({ normalized }) => (normalized ? [normalized] : [])),
      overrideReason: data.overrideReason,
      extraNumbers: data.extraNumbers ?? named.flatMap(({ typed, normalized }) => (normalized ? [] : [typed])).join('\n'),
      timeZone: defaultAttendeeZone(data.timeZone || form.localTimezone),
      kind: data.kind,
      problems: form.problems,
      submit: form.submit,
    },
    say,
  );
}

/** The saved number `typed` stands for, however it was written. */
function savedNumberOf(typed: string, saved: ReadonlySet<string>, say: Messages): string | undefined {
  const normalized = normalizeUsNumber(typed, say);
  return normalized.ok && saved.has(normalized.value) ? normalized.value : undefined;
}
