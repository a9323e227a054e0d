import type { TurnContext } from 'botbuilder';
import type { GraphSmsClient } from '../graph/graphSmsClient';
import { NOT_ORGANIZER, organizerRefusal } from '../domain/organizer';
import type { CardSignIn, SignedInOrganizer, SignInCredentials } from './cardSignIn';
import type { MeetingSource, ResolvedMeeting } from './meetingDirectory';

/** Why the guard stopped a request; every surface words the first three from `REFUSALS`. */
export type GuardRefusal = 'notInMeeting' | 'notOrganizer' | 'meetingNotFound' | 'signInNeeded' | 'signInInvalid';

export type Guarded<T, R extends GuardRefusal = GuardRefusal> = ({ ok: true } & T) | { ok: false; refusal: R; meeting?: ResolvedMeeting };

/** One wording per refusal, whichever surface (chat, card, dialog) shows it. */
export const REFUSALS: Record<Exclude<GuardRefusal, 'signInNeeded' | 'signInInvalid'>, { title: string; text: string }> = {
  notInMeeting: {
    title: 'Open this in the meeting',
    text: "Use this in the appointment's meeting chat, or paste the appointment's join link after sms (sms https://teams.microsoft.com/l/meetup-join/…).",
  },
  notOrganizer: { title: 'Organizer only', text: NOT_ORGANIZER.message },
  meetingNotFound: {
    title: 'Meeting not found',
    text: 'None of your meetings has that join link. Copy the link from the appointment in your Teams calendar and try again.',
  },
};

/**
 * The one guard in front of every bot action that touches an appointment: find the meeting (the
 * chat's, or one of the signed-in user's own by join link), check the organizer, sign in.
 */
export class OrganizerGuard {
  constructor(private readonly deps: { meetings: MeetingSource; signIn: CardSignIn; graph: GraphSmsClient }) {}

  /** The chat's meeting, when the activity's sender organizes it; no sign-in (nothing is sent). */
  async meetingOf(context: TurnContext): Promise<Guarded<{ meeting: ResolvedMeeting }, 'notInMeeting' | 'notOrganizer'>> {
    const meeting = await this.deps.meetings.resolve(context);
    if (!meeting) return { ok: false, refusal: 'notInMeeting' };
    const { onlineMeetingId, organizerAadObjectId } = meeting;
    if (organizerRefusal({ onlineMeetingId, organizerOid: organizerAadObjectId }, context.activity.from.aadObjectId)) {
      return { ok: false, refusal: 'notOrganizer', meeting };
    }
    return { ok: true, meeting };
  }

  /** The meeting and its signed-in organizer: the chat's meeting, or with `joinUrl` outside it, theirs with that link. */
  async signedIn(
    context: TurnContext,
    credentials: SignInCredentials,
    joinUrl?: string,
  ): Promise<Guarded<{ meeting: ResolvedMeeting; organizer: SignedInOrganizer }>> {
    const inChat = await this.meetingOf(context);
    if (!inChat.ok && !(inChat.refusal === 'notInMeeting' && joinUrl)) return inChat;
    const signedIn = await this.deps.signIn.organizer(context, credentials);
    if (!signedIn.ok) return { ok: false, refusal: signedIn.reason };
    const { organizer } = signedIn;
    const meeting = inChat.ok ? inChat.meeting : await this.meetingByLink(context, joinUrl ?? '', organizer);
    return meeting ? { ok: true, meeting, organizer } : { ok: false, refusal: 'meetingNotFound' };
  }

  /** A meeting found by its join link among the signed-in user's own meetings: being found means being its organizer. */
  private async meetingByLink(context: TurnContext, joinUrl: string, organizer: SignedInOrganizer): Promise<ResolvedMeeting | undefined> {
    const token = await organizer.graphToken();
    if (!token.ok) return undefined;
    const found = await this.deps.graph.findMeetingIdByJoinUrl(joinUrl, { accessToken: token.accessToken });
    if (!found.ok || !found.value) return undefined;
    return {
      onlineMeetingId: found.value,
      organizerAadObjectId: organizer.oid,
      organizerUserId: context.activity.from.id,
      title: 'the meeting you linked',
    };
  }
}
