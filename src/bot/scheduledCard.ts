import type { TurnContext } from 'botbuilder';
import type { ScheduledSends } from '../app/ScheduledSends';
import { scheduledCard, type AdaptiveCardJson } from '../cards/cards';
import type { ResolvedMeeting } from './meetingDirectory';
import { localTimezoneOf } from './sendForm';

/** The appointment's waiting texts for its organizer, offering the reminder when none is waiting. */
export async function scheduledCardFor(
  scheduled: ScheduledSends,
  meeting: ResolvedMeeting,
  context: TurnContext,
): Promise<AdaptiveCardJson> {
  const entries = await scheduled.list(meeting.organizerAadObjectId, meeting.onlineMeetingId);
  const reminderWaiting = entries.some((entry) => entry.why === 'reminder' && entry.state === 'scheduled');
  return scheduledCard(entries, { timeZone: localTimezoneOf(context), offerReminder: !reminderWaiting });
}
