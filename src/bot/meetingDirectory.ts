import { TeamsInfo, type ConversationAccount, type TurnContext } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { teamsMeetingIdOfChat } from '../domain/meetingIds';

/** What the bot needs to know about the meeting a chat belongs to. */
export interface ResolvedMeeting {
  onlineMeetingId: string;
  organizerAadObjectId: string;
  /** The organizer's Teams user id (29:…), for `refresh.userIds`. */
  organizerUserId: string;
  title: string;
}

/** Where the bot learns which appointment a chat belongs to, and who organizes it. */
export interface MeetingSource {
  resolve(context: TurnContext): Promise<ResolvedMeeting | undefined>;
}

/**
 * Resolves the chat's meeting through the Bot Framework meeting API, cached per meeting for 10
 * minutes and for the 10,000 meetings used last (a plain map kept every meeting ever seen).
 */
export class MeetingDirectory implements MeetingSource {
  private readonly cache = new LRUCache<string, ResolvedMeeting>({ max: 10_000, ttl: 10 * 60_000 });

  async resolve(context: TurnContext): Promise<ResolvedMeeting | undefined> {
    // Teams may omit either; the types say otherwise.
    const channelData = context.activity.channelData as { meeting?: { id?: string } } | undefined;
    const conversation = context.activity.conversation as Partial<ConversationAccount> | undefined;
    const meetingId = channelData?.meeting?.id ?? teamsMeetingIdOfChat(conversation?.id ?? '');
    if (!meetingId) return undefined;
    const cached = this.cache.get(meetingId);
    if (cached) return cached;
    const info = await TeamsInfo.getMeetingInfo(context, meetingId);
    const onlineMeetingId = info.details.msGraphResourceId;
    if (!onlineMeetingId || !info.organizer.aadObjectId) return undefined;
    const meeting = {
      onlineMeetingId,
      organizerAadObjectId: info.organizer.aadObjectId,
      organizerUserId: info.organizer.id,
      title: (info.details.title as string | undefined) ?? 'this appointment',
    };
    this.cache.set(meetingId, meeting);
    return meeting;
  }
}
