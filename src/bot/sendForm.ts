import type { TurnContext } from 'botbuilder';
import type { AttendeeBook } from '../app/AttendeeBook';
import { sendFormCard, type AdaptiveCardJson } from '../cards/cards';
import { splitNumberList } from '../domain/phoneNumbers';
import { defaultAttendeeZone } from '../domain/timeZones';
import type { ResolvedMeeting } from './meetingDirectory';

/** What the send form's inputs and data carry back, from a card (Action.Execute) or a dialog (Action.Submit). */
export interface SendFormData {
  cardId?: string;
  joinUrl?: string;
  kind?: string;
  numbers?: string[];
  savedNumbers?: string;
  extraNumbers?: string;
  timeZone?: string;
}

/** The saved numbers ticked on the form (a multi-select submits them comma-separated); undefined before any submit. */
export function chosenSavedNumbers(data: SendFormData): string[] | undefined {
  return data.savedNumbers?.split(',').filter((entry) => entry.trim() !== '');
}

/** Every number the organizer asked to text: the ticked saved ones, then the typed ones. */
export function numbersToText(data: SendFormData): string[] {
  return [...(chosenSavedNumbers(data) ?? []), ...splitNumberList(data.extraNumbers ?? '')];
}

/** The form for a meeting, keeping what the organizer entered and showing what to fix. */
export async function sendFormFor(
  book: AttendeeBook,
  meeting: ResolvedMeeting,
  form: { cardId: string; localTimezone?: string; data: SendFormData; problems?: Array<{ message: string }> },
): Promise<AdaptiveCardJson> {
  const { data } = form;
  const saved = await book.list(meeting.onlineMeetingId);
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

/** The organizer's own time zone, which Teams puts on activities (IANA). */
export function localTimezoneOf(context: TurnContext): string | undefined {
  return (context.activity as { localTimezone?: string }).localTimezone;
}
