import type { TurnContext } from 'botbuilder';
import type { AttendeeBook } from '../app/AttendeeBook';
import type { NotificationSender } from '../app/NotificationSender';
import type { AdaptiveCardJson } from '../cards/cards';
import { sendFormFor } from '../cards/sendForm';
import { numbersToText, type SendFormInputs } from '../cards/sendFormInputs';
import type { SendReceipt } from '../domain/sendReceipt';
import { sendRequestFor } from '../domain/sendPolicy';
import type { SignedInOrganizer } from './cardSignIn';
import type { ResolvedMeeting } from './meetingDirectory';

/** The send form for the chat's meeting, in the organizer's time zone as Teams reports it. */
export async function formForMeeting(
  book: AttendeeBook,
  meeting: ResolvedMeeting,
  context: TurnContext,
  form: { cardId: string; data: SendFormInputs; problems?: Array<{ message: string }> },
): Promise<AdaptiveCardJson> {
  return sendFormFor(await book.list(meeting.onlineMeetingId), meeting, { ...form, localTimezone: localTimezoneOf(context) });
}

/** Sends what the form holds, once per card (`cardId` makes a repeated submit the same send). */
export function sendFromForm(
  sender: NotificationSender,
  context: TurnContext,
  send: { meeting: ResolvedMeeting; organizer: SignedInOrganizer; cardId: string; data: SendFormInputs },
): Promise<SendReceipt> {
  const { meeting, organizer, cardId, data } = send;
  return sender.send({
    onlineMeetingId: meeting.onlineMeetingId,
    instance: cardId,
    request: sendRequestFor(numbersToText(data), data.kind ?? '', data.timeZone),
    sender: { oid: organizer.oid, tenantId: organizer.tenantId, locale: context.activity.locale, graphToken: organizer.graphToken },
  });
}

/** The organizer's own time zone, which Teams puts on activities (IANA). */
function localTimezoneOf(context: TurnContext): string | undefined {
  return (context.activity as { localTimezone?: string }).localTimezone;
}
