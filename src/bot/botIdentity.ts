import type { CardSignIn } from './cardSignIn';
import type { MeetingSource } from './meetingDirectory';

/**
 * Who the bot's users are: which meeting a chat belongs to and how its organizer signs in. Teams in
 * production; a local host (Agents Playground, dev/playground) hands in its own.
 */
export interface BotIdentity {
  meetings: MeetingSource;
  signIn: CardSignIn;
  /** Teams shows the organizer their own view of a card (refresh.userIds); Agents Playground does not. */
  userSpecificViews: boolean;
}
