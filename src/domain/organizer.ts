import { organizerOfMeetingId } from './meetingIds';
import type { SendFailure } from './sendReceipt';

/** The one wording for anyone who is not the appointment's organizer, on every surface. */
export const NOT_ORGANIZER: SendFailure & { reason: 'notOrganizer' } = {
  reason: 'notOrganizer',
  message: "Only the appointment's organizer can text its attendees or see their numbers and texts.",
};

/**
 * The one organizer check. The organizer is the one Teams names for the meeting when known, else
 * the one the meeting's Graph id names; when neither is known, Graph stays the authority (it finds
 * a meeting only for its organizer). Returns why `oid` may not act, or undefined when it may.
 */
export function organizerRefusal(
  meeting: { onlineMeetingId: string; organizerOid?: string },
  oid: string | undefined,
): typeof NOT_ORGANIZER | undefined {
  const organizer = meeting.organizerOid?.toLowerCase() ?? organizerOfMeetingId(meeting.onlineMeetingId);
  if (organizer === undefined) return undefined;
  return oid?.toLowerCase() === organizer ? undefined : NOT_ORGANIZER;
}
