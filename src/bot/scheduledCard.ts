import type { TurnContext } from 'botbuilder';
import type { ScheduledSends } from '../app/scheduledSends';
import { scheduledCard } from '../cards/receiptCards';
import { type AdaptiveCardJson } from '../cards/cardJson';
import type { ResolvedMeeting } from './meetingDirectory';
import { localTimezoneOf } from './sendFormSteps';

/** The appointment's waiting texts for its organizer. */
export async function scheduledCardFor(
  scheduled: ScheduledSends,
  meeting: ResolvedMeeting,
  context: TurnContext,
): Promise<AdaptiveCardJson> {
  return scheduledCard(await scheduled.list(meeting.organizerAadObjectId, meeting.onlineMeetingId), localTimezoneOf(context));
}
