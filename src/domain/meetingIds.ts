import type { Messages } from './messages';
/**
 * The organizer encoded in a Teams meeting's Graph id: base64 of `1*{organizerOid}*0**{threadId}`.
 * Microsoft documents the id as opaque, so this is only an early, friendlier refusal for
 * non-organizers; Graph stays the authority (it answers 404 to anyone else).
 */
export function organizerOfMeetingId(onlineMeetingId: string): string | undefined {
  const decoded = Buffer.from(onlineMeetingId, 'base64').toString('utf8');
  return /^1\*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\*/i.exec(decoded)?.[1]?.toLowerCase();
}

/**
 * Why a string cannot be a Graph onlineMeetingId (opaque, but always base64 or base64url text),
 * or undefined when it can be one. Checked before anything is sent, so a bad id is the caller's
 * 400, not Graph's.
 */
export function meetingIdProblem(onlineMeetingId: string, say: Pick<Messages, 'rest'>): string | undefined {
  if (onlineMeetingId.trim() === '') return say.rest.meetingIdEmpty;
  if (!/^[A-Za-z0-9+/=_-]{1,1000}$/.test(onlineMeetingId)) return say.rest.notAMeetingId;
  return undefined;
}

/**
 * The Bot Framework meeting id of a meeting chat: base64 of `0#{threadId}#0`. Teams does not put
 * `channelData.meeting` on every activity (message extensions, for one), so the chat names it.
 */
export function teamsMeetingIdOfChat(conversationId: string): string | undefined {
  const threadId = conversationId.split(';')[0] ?? '';
  if (!/^19:meeting_[^@]+@thread\.v2$/.test(threadId)) return undefined;
  return Buffer.from(`0#${threadId}#0`).toString('base64');
}
