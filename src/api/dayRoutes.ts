import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { DayActions } from '../app/DayActions';
import type { EntraTokenValidator } from '../auth/EntraTokenValidator';
import type { OnBehalfOfExchanger } from '../auth/OnBehalfOfExchanger';
import { asyncHandler, readJsonBody } from '../server';
import { authenticateWith, userOf } from './authenticate';
import { answerForFailure, refuseDetails } from './httpAnswers';
import { bodyProblems } from './requestBodies';

const dayRequest = z.strictObject({
  date: z.string(),
  messageType: z.string(),
  /** The organizer's own zone (IANA or Windows): the day runs from its midnight to the next. */
  timeZone: z.string().default('America/New_York'),
  /** Only list what would be sent. */
  preview: z.boolean().default(false),
});

/**
 * `POST /api/me/virtualAppointments/notifyDay`: close or move a whole day. With `preview: true` it
 * lists the day's appointments and what each would get; without, it texts each once and answers
 * per appointment (200, like a Graph batch: each item has its own outcome).
 */
export function registerDayRoutes(
  server: Server,
  deps: { validator: EntraTokenValidator; exchanger: OnBehalfOfExchanger; days: DayActions },
): void {
  server.post(
    '/api/me/virtualAppointments/notifyDay',
    authenticateWith(deps.validator),
    asyncHandler(async (req: Request, res: Response) => {
      const body = readJsonBody(req);
      const parsed = dayRequest.safeParse(body.ok ? body.value : undefined);
      if (!parsed.success) {
        const details = bodyProblems(parsed.error).map((problem) => ({ code: 'invalidValue', ...problem }));
        refuseDetails(req, res, details);
        return;
      }
      const user = userOf(req);
      const organizer = { oid: user.oid, tenantId: user.tenantId, graphToken: () => deps.exchanger.graphTokenFor(user.ssoToken) };
      const request = { date: parsed.data.date, timeZone: parsed.data.timeZone, kind: parsed.data.messageType };
      const result = parsed.data.preview ? await deps.days.preview(request, organizer) : await deps.days.run(request, organizer);
      if (result.ok) {
        res.send(200, result.value);
        return;
      }
      if ('problems' in result) {
        const details = result.problems.map((problem) => ({ code: 'invalidValue', target: problem.field, message: problem.message }));
        refuseDetails(req, res, details);
        return;
      }
      const answer = answerForFailure(result.failure, req.getId());
      res.send(answer.status, answer.body, answer.headers);
    }),
  );
}
