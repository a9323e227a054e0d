import { defaultAttendeeZone } from '../domain/timeZones';
import { sendFormCard, type AdaptiveCardJson } from './cards';
import { chosenSavedNumbers, type SendFormInputs } from './sendFormInputs';

/** The form for a meeting, keeping what the organizer entered and showing what to fix. */
export function sendFormFor(
  saved: ReadonlyArray<{ phoneNumber: string; masked: string; name?: string }>,
  meeting: { title: string; organizerUserId: string },
  form: { cardId: string; localTimezone?: string; data: SendFormInputs; problems?: ReadonlyArray<{ message: string }> },
): AdaptiveCardJson {
  const { data } = form;
  const savedSet = new Set<string>(saved.map((entry) => entry.phoneNumber));
  return sendFormCard({
    cardId: form.cardId,
    joinUrl: data.joinUrl,
    organizerUserId: meeting.organizerUserId,
    meetingTitle: meeting.title,
    savedNumbers: saved,
    selectedNumbers: chosenSavedNumbers(data),
    extraNumbers: data.extraNumbers ?? (data.numbers ?? []).filter((number) => !savedSet.has(number)).join('\n'),
    timeZone: defaultAttendeeZone(data.timeZone || form.localTimezone),
    kind: data.kind,
    problems: form.problems,
  });
}
