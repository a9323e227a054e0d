import type { TurnContext } from 'botbuilder';
import type { AttendeeBook } from '../app/AttendeeBook';
import type { AdaptiveCardJson } from '../cards/cards';
import { sendFormFor } from '../cards/sendForm';
import type { SendFormInputs } from '../cards/sendFormInputs';
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

/** The organizer's own time zone, which Teams puts on activities (IANA). */
function localTimezoneOf(context: TurnContext): string | undefined {
  return (context.activity as { localTimezone?: string }).localTimezone;
}
