import type { Messages } from '../domain/messages';
import { wordsFor } from '../http/requestWords';
import type { Request, Response } from 'restify';
import type { AuthenticatedUser, EntraTokenValidator, TokenRefusal } from '../auth/entraTokenValidator';
import type { OnBehalfOfExchanger } from '../auth/onBehalfOfExchanger';
import { organizerRefusal, type Organizer } from '../domain/organizer';
import { asyncHandler, pathParam } from '../http/requests';
import { errorEnvelope } from '../http/errors';

const users = new WeakMap<Request, AuthenticatedUser>();

/** Every /api route starts here: a valid Entra token, or 401 in Graph's envelope. */
export function authenticateWith(validator: EntraTokenValidator) {
  return asyncHandler(async (req: Request, res: Response) => {
    const validation = await validator.validate(req.header('authorization'));
    if (!validation.ok) {
      res.send(401, errorEnvelope('InvalidAuthenticationToken', tokenRefusalWords(validation.error, wordsFor(req)), req.getId()));
      return false;
    }
    users.set(req, validation.value);
    return true;
  });
}

/** The user `authenticateWith` let through. */
export function userOf(req: Request): AuthenticatedUser {
  const user = users.get(req);
  if (!user) throw new Error('route registered without authentication');
  return user;
}

/** The signed-in user as the one sending: their tenant, and their Graph token on their behalf (on-behalf-of). */
export function organizerOf(req: Request, exchanger: OnBehalfOfExchanger): Organizer {
  const user = userOf(req);
  return {
    oid: user.oid,
    tenantId: user.tenantId,
    locale: wordsFor(req).language,
    graphToken: () => exchanger.graphTokenFor(user.ssoToken, user.tenantId),
  };
}

/** Answers 403 and returns true when the user is not the organizer: `organizerOid` when known, else the one the meeting id names. */
export function refuseNonOrganizer(req: Request, res: Response, organizerOid?: string): boolean {
  const refusal = organizerRefusal({ onlineMeetingId: pathParam(req, 'onlineMeetingId'), organizerOid }, userOf(req).oid, wordsFor(req));
  if (refusal) res.send(403, errorEnvelope(refusal.reason, refusal.message, req.getId()));
  return refusal !== undefined;
}

/** The app role a Teams admin assigns to those who run the tenant's texting (aad.manifest.json). */
export const ADMIN_ROLE = 'AppointmentSms.Admin';

/** True for a caller with the admin role; otherwise answers 403 saying what needs it and who can help. */
export function requireAdmin(req: Request, res: Response, what: keyof Messages['admin']['adminActions']): boolean {
  if (userOf(req).roles.includes(ADMIN_ROLE)) return true;
  const say = wordsFor(req);
  res.send(403, errorEnvelope('forbidden', say.admin.onlyAdmins(ADMIN_ROLE, say.admin.adminActions[what]), req.getId()));
  return false;
}

/** Why a token was refused, in the caller's words. */
function tokenRefusalWords(refusal: TokenRefusal, say: Messages): string {
  if (refusal.reason === 'scope' || refusal.reason === 'invalid') return say.auth[refusal.reason](refusal.detail);
  return say.auth[refusal.reason];
}
