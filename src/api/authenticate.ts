import type { Request, Response } from 'restify';
import type { AuthenticatedUser, EntraTokenValidator } from '../auth/EntraTokenValidator';
import { namesAnotherOrganizer } from '../domain/meetingIds';
import { asyncHandler } from '../server';
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
export function refuseNonOrganizer(req: Request, res: Response, what: string, organizerOid?: string): boolean {
  const user = userOf(req).oid;
  const anotherOrganizer = organizerOid === undefined ? namesAnotherOrganizer(req.params.onlineMeetingId as string, user) : organizerOid !== user;
  if (anotherOrganizer) {
    res.send(403, errorEnvelope('notOrganizer', `Only the appointment's organizer can ${what}.`, req.getId()));
    return true;
  }
  return false;
}
