import type { TurnContext } from 'botbuilder';
import type { GraphSmsClient } from '../graph/graphSmsClient';
import type { Messages } from '../domain/messages';
import { organizerRefusal, type Organizer } from '../domain/organizer';
import { ok, refused, type Result } from '../domain/result';
import type { CardSignIn, SignInCredentials } from './cardSignIn';
import { wordsFor } from './turnWords';
import type { MeetingSource, ResolvedMeeting } from './meetingDirectory';

/** Why the guard stopped a request; every surface words the first three from `REFUSALS`. */
export type GuardRefusal = 'notInMeeting' | 'notOrganizer' | 'meetingNotFound' | 'signInNeeded' | 'signInInvalid';

/** Why the guard stopped a request, with the meeting when it was found (its organizer is someone else). */
export interface Stopped<R extends GuardRefusal = GuardRefusal> {
  refusal: R;
  meeting?: ResolvedMeeting;
}

export type Guarded<T, R extends GuardRefusal = GuardRefusal> = Result<T, Stopped<R>>;

/** One wording per refusal, whichever surface (chat, card, dialog) shows it. */
export function refusalWords(
  refusal: Exclude<GuardRefusal, 'signInNeeded' | 'signInInvalid'>,
  say: Messages,
): { title: string; text: string } {
  const words = say.guard;
  if (refusal === 'notInMeeting') return { title: words.notInMeeting, text: words.notInMeetingText };
  if (refusal === 'notOrganizer') return { title: words.organizerOnly, text: say.failures.notOrganizer };
  return { title: words.meetingNotFound, text: words.meetingNotFoundText };
}

/**
 * The one guard in front of every bot action that touches an appointment: find the meeting (the
 * chat's, or one of the signed-in user's own by join link), check the organizer, sign in.
 */
export class OrganizerGuard {
  constructor(private readonly deps: { meetings: MeetingSource; signIn: CardSignIn; graph: GraphSmsClient }) {}

  /** The chat's meeting, when the activity's sender organizes it; no sign-in (nothing is sent). */
  async meetingOf(context: TurnContext): Promise<Guarded<{ meeting: ResolvedMeeting }, 'notInMeeting' | 'notOrganizer'>> {
    const meeting = await this.deps.meetings.resolve(context);
    if (!meeting) return refused({ refusal: 'notInMeeting' });
    const { onlineMeetingId, organizerAadObjectId } = meeting;
    if (organizerRefusal({ onlineMeetingId, organizerOid: organizerAadObjectId }, context.activity.from.aadObjectId, wordsFor(context))) {
      return refused({ refusal: 'notOrganizer', meeting });
    }
    return ok({ meeting });
  }

  /** The meeting and its signed-in organizer: the chat's meeting, or with `joinUrl` outside it, theirs with that link. */
  async signedIn(
    context: TurnContext,
    credentials: SignInCredentials,
    joinUrl?: string,
  ): Promise<Guarded<{ meeting: ResolvedMeeting; organizer: Organizer }>> {
    const inChat = await this.meetingOf(context);
    if (!inChat.ok && !(inChat.error.refusal === 'notInMeeting' && joinUrl)) return inChat;
    const signedIn = await this.deps.signIn.organizer(context, credentials);
    if (!signedIn.ok) return refused({ refusal: signedIn.error });
    const organizer = signedIn.value;
    const meeting = inChat.ok ? inChat.value.meeting : await this.meetingByLink(context, joinUrl ?? '', organizer);
    return meeting ? ok({ meeting, organizer }) : refused({ refusal: 'meetingNotFound' });
  }

  /** A meeting found by its join link among the signed-in user's own meetings: being found means being its organizer. */
  private async meetingByLink(context: TurnContext, joinUrl: string, organizer: Organizer): Promise<ResolvedMeeting | undefined> {
    const token = await organizer.graphToken();
    if (!token.ok) return undefined;
    const found = await this.deps.graph.findMeetingIdByJoinUrl(joinUrl, { accessToken: token.value });
    if (!found.ok || !found.value) return undefined;
    return {
      onlineMeetingId: found.value,
      organizerAadObjectId: organizer.oid,
      organizerUserId: context.activity.from.id,
      title: wordsFor(context).guard.linkedMeeting,
    };
  }
}
