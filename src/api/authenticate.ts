import type { Request, Response } from 'restify';
import type { AuthenticatedUser, EntraTokenValidator } from '../auth/EntraTokenValidator';
import { organizerRefusal } from '../domain/organizer';
import { asyncHandler, pathParam } from '../server';
import { errorEnvelope } from './httpAnswers';

const users = new WeakMap<Request, AuthenticatedUser>();

/** Every /api route starts here: a valid Entra token, or 401 in Graph's envelope. */
export function authenticateWith(validator: EntraTokenValidator) {
  return asyncHandler(async (req: Request, res: Response) => {
    const validation = await validator.validate(req.header('authorization'));
    if (!validation.ok) {
      res.send(401, errorEnvelope('InvalidAuthenticationToken', validation.reason, req.getId()));
      return false;
    }
    users.set(req, validation.user);
    return true;
  });
}

/** The user `authenticateWith` let through. */
export function userOf(req: Request): AuthenticatedUser {
  const user = users.get(req);
  if (!user) throw new Error('route registered without authentication');
  return user;
}

/** Answers 403 and returns true when the user is not the organizer: `organizerOid` when known, else the one the meeting id names. */
export function refuseNonOrganizer(req: Request, res: Response, organizerOid?: string): boolean {
  const refusal = organizerRefusal({ onlineMeetingId: pathParam(req, 'onlineMeetingId'), organizerOid }, userOf(req).oid);
  if (refusal) res.send(403, errorEnvelope(refusal.reason, refusal.message, req.getId()));
  return refusal !== undefined;
}
