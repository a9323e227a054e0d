import type { Messages } from './messages';
import { organizerOfMeetingId } from './meetingIds';
import type { Result } from './result';
import type { IdentityFailureReason, SendFailure } from './sendReceipt';

/** Why no Graph token could be had, as a kind the surfaces act on; a person is told it in their language by `sendFailureOf`. */
export interface TokenFailure {
  kind: IdentityFailureReason;
  /** For `interactionRequired` (MFA, conditional access): pass to `getAuthToken({ claims })`. */
  claims?: string;
  code?: string;
  /** The tenant an app-only token was asked in (named when it never consented). */
  tenantId?: string;
}

/** A Graph access token (the organizer's, on their behalf, or the app's own), or why none. */
export type GraphToken = Result<string, TokenFailure>;

/**
 * The organizer acting, on every surface and in every use case: who (tenant + object id), how they
 * read (locale, zone as the surface saw it) and how to reach Graph for them. The token is asked
 * only once input is valid, so it is a function.
 */
export interface Organizer {
  oid: string;
  tenantId: string;
  name?: string;
  locale?: string;
  /** Their own zone as the surface saw it (Teams' `localTimezone`, the browser's); else Outlook's is asked. */
  timeZone?: string;
  graphToken: () => Promise<GraphToken>;
  /** The token is the app's own (a text that goes later): Graph is called on `/users/{oid}/…`. */
  appOnly?: boolean;
}

/** An organizer before sign-in (a card's Review): no way to reach Graph yet. */
export type UnsignedOrganizer = Omit<Organizer, 'graphToken'> & Partial<Pick<Organizer, 'graphToken'>>;

/** Whose records: each organizer sees only their own, in their own tenant. */
export type OrganizerId = Pick<Organizer, 'tenantId' | 'oid'>;

/** The one refusal for anyone who is not the appointment's organizer, on every surface (`failures.notOrganizer`). */
type NotOrganizer = SendFailure & { reason: 'notOrganizer' };

/**
 * The one organizer check. The organizer is the one Teams names for the meeting when known, else
 * the one the meeting's Graph id names; when neither is known, Graph stays the authority (it finds
 * a meeting only for its organizer). Returns why `oid` may not act, or undefined when it may.
 */
export function organizerRefusal(
  meeting: { onlineMeetingId: string; organizerOid?: string },
  oid: string | undefined,
  say: Pick<Messages, 'failures'>,
): NotOrganizer | undefined {
  const organizer = meeting.organizerOid?.toLowerCase() ?? organizerOfMeetingId(meeting.onlineMeetingId);
  if (organizer === undefined) return undefined;
  return oid?.toLowerCase() === organizer ? undefined : { reason: 'notOrganizer', message: say.failures.notOrganizer };
}
