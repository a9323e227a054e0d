import { wordsFor } from '../http/requestWords';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { ScheduledSends } from '../app/scheduledSends';
import type { StandingReminders } from '../app/standingReminders';
import type { EntraTokenValidator } from '../auth/entraTokenValidator';
import type { OnBehalfOfExchanger } from '../auth/onBehalfOfExchanger';
import { asyncHandler, pathParam } from '../http/requests';
import { authenticateWith, organizerOf, refuseNonOrganizer, userOf } from './authenticate';
import { refuseRequest } from './httpAnswers';
import { errorEnvelope } from '../http/errors';
import { bodyOf } from './requestBodies';

const STANDING = z.strictObject({
  enabled: z.boolean(),
  /** The zone of saved numbers that have none of their own; the organizer's own when absent. */
  timeZone: z.string().max(100).optional(),
});

const REMINDER = z.strictObject({
  /** The zone of saved numbers that have none of their own (Windows name or IANA id); the organizer's own when absent. */
  timeZone: z.string().max(100).optional(),
});

/**
 * Texts that go later: `GET /api/me/scheduledSends` lists the organizer's held texts and automatic
 * reminders (`?onlineMeetingId=` for one appointment), `DELETE …/{id}` cancels one still waiting,
 * `POST /api/me/onlineMeetings/{id}/scheduledReminder` turns on the reminder 15 minutes before.
 */
export function registerScheduleRoutes(
  server: Server,
  deps: { validator: EntraTokenValidator; exchanger: OnBehalfOfExchanger; scheduled: ScheduledSends; standing: StandingReminders },
): void {
  const authenticate = authenticateWith(deps.validator);
  server.get(
    '/api/me/scheduledSends',
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      const meeting = (req.query as Record<string, unknown> | undefined)?.onlineMeetingId;
      res.send(200, { value: await deps.scheduled.list(userOf(req).oid, typeof meeting === 'string' ? meeting : undefined) });
    }),
  );
  server.del(
    '/api/me/scheduledSends/:scheduleId',
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      const cancelled = await deps.scheduled.cancel(userOf(req).oid, pathParam(req, 'scheduleId'));
      if (cancelled) res.send(200, cancelled);
      else res.send(404, errorEnvelope('notFound', wordsFor(req).rest.noSuchScheduled, req.getId()));
    }),
  );
  server.post(
    '/api/me/onlineMeetings/:onlineMeetingId/scheduledReminder',
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      if (refuseNonOrganizer(req, res)) return;
      const reminder = bodyOf(req, res, REMINDER, { nothingDone: 'scheduled', emptyAs: {} });
      if (!reminder) return;
      const result = await deps.scheduled.remindBefore(
        organizerOf(req, deps.exchanger),
        pathParam(req, 'onlineMeetingId'),
        reminder.timeZone,
      );
      if (result.ok) res.send(result.value.existing ? 200 : 201, result.value.reminder);
      else refuseRequest(req, res, result.error);
    }),
  );
  registerStandingRoutes(server, deps);
}

/**
 * Standing reminders, set once: `GET /api/me/standingReminders` says whether they are on;
 * `PUT` with `{"enabled": true}` (and `timeZone`, else the organizer's own) turns them on, with
 * `{"enabled": false}` off (dropping the reminders they made that still wait, `dropped`).
 */
function registerStandingRoutes(
  server: Server,
  deps: { validator: EntraTokenValidator; exchanger: OnBehalfOfExchanger; standing: StandingReminders },
): void {
  const authenticate = authenticateWith(deps.validator);
  const path = '/api/me/standingReminders';
  server.get(
    path,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      res.send(200, await deps.standing.setting(userOf(req).oid));
    }),
  );
  server.put(
    path,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      const body = bodyOf(req, res, STANDING, { nothingDone: 'changed' });
      if (!body) return;
      if (!body.enabled) {
        const dropped = await deps.standing.turnOff(userOf(req).oid);
        res.send(200, { enabled: false, dropped });
        return;
      }
      const result = await deps.standing.turnOn(organizerOf(req, deps.exchanger), body.timeZone);
      if (result.ok) res.send(200, result.value);
      else refuseRequest(req, res, result.error);
    }),
  );
}
