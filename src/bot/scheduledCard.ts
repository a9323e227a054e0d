import type { TurnContext } from 'botbuilder';
import type { ScheduledSends } from '../app/scheduledSends';
import type { StandingReminders } from '../app/standingReminders';
import { scheduledCard } from '../cards/receiptCards';
import { type AdaptiveCardJson } from '../cards/cardJson';
import type { ResolvedMeeting } from './meetingDirectory';
import { localTimezoneOf } from './sendFormSteps';
import { wordsFor } from './turnWords';

/** The appointment's waiting texts for its organizer, and their standing reminders' switch. */
export async function scheduledCardFor(
  deps: { scheduled: ScheduledSends; standing: StandingReminders },
  meeting: ResolvedMeeting,
  context: TurnContext,
): Promise<AdaptiveCardJson> {
  const [entries, standing] = await Promise.all([
    deps.scheduled.list(meeting.organizerAadObjectId, meeting.onlineMeetingId),
    deps.standing.setting(meeting.organizerAadObjectId),
  ]);
  return scheduledCard(entries, wordsFor(context), localTimezoneOf(context), standing);
}
