import { wordsFor } from '../http/requestWords';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { AttendeeBook } from '../app/attendeeBook';
import type { DoNotTextList } from '../app/doNotTextList';
import type { OrganizerZones } from '../app/organizerZones';
import type { EntraTokenValidator } from '../auth/entraTokenValidator';
import type { OnBehalfOfExchanger } from '../auth/onBehalfOfExchanger';
import { normalizeUsNumber, type NumberCheck } from '../domain/phoneNumbers';
import { toWindowsTimeZone, type WindowsTimeZone } from '../domain/timeZones';
import { asyncHandler, pathParam } from '../http/requests';
import { authenticateWith, organizerOf, refuseNonOrganizer, requireAdmin, userOf } from './authenticate';
import { errorEnvelope, refuseDetails, refuseField } from '../http/errors';
import { bodyOf, fieldWords } from './requestBodies';

export interface BookRouteDependencies {
  validator: EntraTokenValidator;
  exchanger: OnBehalfOfExchanger;
  book: AttendeeBook;
  doNotText: DoNotTextList;
  zones: OrganizerZones;
}

/** A zone as people name it (Windows or IANA), checked; the message says how to write one. */
const zone = z
  .string()
  .max(100)
  .transform((name, context) => {
    const windows = toWindowsTimeZone(name);
    if (!windows)
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: fieldWords('notAZone'),
        params: { value: name },
      });
    return windows as WindowsTimeZone;
  });

/** Each attendee's zone travels with the number; an entry without one is saved in the organizer's own. */
const additions = z.strictObject({
  attendees: z
    .array(z.strictObject({ phoneNumber: z.string(), name: z.string().max(100).optional(), timeZone: zone.optional() }))
    .min(1)
    .max(50),
});

/** The meeting's saved attendee numbers, and the tenant's do-not-text list. */
export function registerBookRoutes(server: Server, deps: BookRouteDependencies): void {
  const authenticate = authenticateWith(deps.validator);
  const attendees = '/api/me/onlineMeetings/:onlineMeetingId/attendees';

  server.get(
    attendees,
    authenticate,
    asyncHandler(async (req, res) => {
      if (refuseNonOrganizer(req, res)) return;
      res.send(200, { value: await deps.book.list(pathParam(req, 'onlineMeetingId')) });
    }),
  );

  server.post(
    attendees,
    authenticate,
    asyncHandler(async (req, res) => {
      if (refuseNonOrganizer(req, res)) return;
      const body = bodyOf(req, res, additions, { nothingDone: 'saved' });
      if (!body) return;
      const needsOrganizerZone = body.attendees.some((entry) => entry.timeZone === undefined);
      const organizerZone = needsOrganizerZone ? await deps.zones.of(organizerOf(req, deps.exchanger)) : undefined;
      const edit = await deps.book.add(pathParam(req, 'onlineMeetingId'), body.attendees, wordsFor(req), organizerZone);
      const details = refusalDetails(edit.checks);
      if (details.length > 0) {
        refuseDetails(req, res, details, wordsFor(req).rest.nothingDone.saved);
        return;
      }
      res.send(200, { value: edit.attendees });
    }),
  );

  server.del(
    `${attendees}/:phoneNumber`,
    authenticate,
    asyncHandler(async (req, res) => {
      if (refuseNonOrganizer(req, res)) return;
      const edit = await deps.book.remove(pathParam(req, 'onlineMeetingId'), [pathParam(req, 'phoneNumber')], wordsFor(req));
      res.send(200, { value: edit.attendees });
    }),
  );

  server.get(
    '/api/doNotText',
    authenticate,
    asyncHandler(async (req, res) => {
      if (!requireAdmin(req, res, 'doNotText')) return;
      res.send(200, { value: await deps.doNotText.list(userOf(req).tenantId) });
    }),
  );

  // Anyone may block a number (an attendee asked not to be texted); only an admin may unblock.
  server.put(
    '/api/doNotText/:phoneNumber',
    authenticate,
    asyncHandler(async (req, res) => {
      const number = numberFromPath(req, res);
      if (!number) return;
      await deps.doNotText.add(userOf(req).tenantId, number, userOf(req).oid);
      res.send(204);
    }),
  );

  server.del(
    '/api/doNotText/:phoneNumber',
    authenticate,
    asyncHandler(async (req, res) => {
      if (!requireAdmin(req, res, 'doNotText')) return;
      const number = numberFromPath(req, res);
      if (!number) return;
      const removed = await deps.doNotText.remove(userOf(req).tenantId, number);
      if (removed) res.send(204);
      else res.send(404, errorEnvelope('itemNotFound', wordsFor(req).rest.notOnDoNotText, req.getId()));
    }),
  );
}

/** restify has already decoded the path once; decoding again would turn "%25" into an exception. */
function numberFromPath(req: Request, res: Response) {
  const normalized = normalizeUsNumber(pathParam(req, 'phoneNumber'), wordsFor(req));
  if (normalized.ok) return normalized.value;
  refuseField(req, res, 'phoneNumber', normalized.error.message, 'invalidPhoneNumber');
  return undefined;
}

function refusalDetails(checks: readonly NumberCheck[]) {
  return checks.flatMap((check, index) =>
    check.status === 'refused' ? [{ code: 'invalidPhoneNumber', target: `attendees[${index}].phoneNumber`, message: check.message }] : [],
  );
}
