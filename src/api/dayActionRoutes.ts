import { wordsFor } from '../http/requestWords';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { DayActionLog } from '../app/dayActionLog';
import type { DayActions, DayResult } from '../app/dayActions';
import type { EntraTokenValidator } from '../auth/entraTokenValidator';
import type { OnBehalfOfExchanger } from '../auth/onBehalfOfExchanger';
import { dayActionCard, dayChoiceCard, dayPreviewCard } from '../cards/dayActionCards';
import { asyncHandler, pathParam } from '../http/requests';
import { authenticateWith, organizerOf, userOf } from './authenticate';
import { refuseRequest } from './httpAnswers';
import { errorEnvelope } from '../http/errors';
import { bodyOf } from './requestBodies';

const dayRequest = z.strictObject({
  date: z.string(),
  messageType: z.string(),
  /** The organizer's own zone (IANA or Windows): the day runs from its midnight to the next. Outlook's when absent. */
  timeZone: z.string().max(100).optional(),
  /** Only list what would be sent. */
  preview: z.boolean().default(false),
});

type DayBody = z.infer<typeof dayRequest>;

interface DayActionRouteDependencies {
  validator: EntraTokenValidator;
  exchanger: OnBehalfOfExchanger;
  days: DayActions;
  dayLog: DayActionLog;
}

/**
 * Day actions: close or move a whole day. `POST …/dayActions` with `preview: true` lists the day's
 * appointments and what each would get; without, it texts each once and answers per appointment
 * (200, like a Graph batch: each item has its own outcome). Each run has a record of its own
 * (`GET …/dayActions`, `GET …/dayActions/{id}`), and the side panel's day cards come from here.
 * `POST …/notifyDay` is the earlier name of the same request, still answered for clients that use it.
 */
export function registerDayActionRoutes(server: Server, deps: DayActionRouteDependencies): void {
  const authenticate = authenticateWith(deps.validator);
  const base = '/api/me/virtualAppointments';
  const runDayAction = asyncHandler(async (req: Request, res: Response) => {
    const body = dayBodyOf(req, res);
    if (!body) return;
    const request = dayRequestOf(body);
    const organizer = organizerOf(req, deps.exchanger);
    const result = body.preview ? await deps.days.preview(request, organizer) : await deps.days.run(request, organizer);
    answerDay(req, res, result, (value) => value);
  });
  server.post(`${base}/dayActions`, authenticate, runDayAction);
  server.post(`${base}/notifyDay`, authenticate, runDayAction);
  server.get(
    `${base}/dayActions`,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      res.send(200, { value: await deps.dayLog.list(userOf(req)) });
    }),
  );
  server.get(
    `${base}/dayActions/:dayActionId`,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      const action = await deps.dayLog.get(userOf(req), pathParam(req, 'dayActionId'));
      if (action) res.send(200, action);
      else res.send(404, errorEnvelope('notFound', wordsFor(req).rest.noSuchDayAction, req.getId()));
    }),
  );
  registerDayActionCardRoutes(server, deps);
}

/** The side panel's day cards, expanded from the templates the bot's day cards use. */
function registerDayActionCardRoutes(server: Server, deps: DayActionRouteDependencies): void {
  const authenticate = authenticateWith(deps.validator);
  const base = '/api/me/virtualAppointments/cards';
  server.get(
    `${base}/dayChoice`,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      const query = (req.query ?? {}) as Record<string, unknown>;
      const text = (name: string) => (typeof query[name] === 'string' ? query[name] : '');
      res.send(200, dayChoiceCard(text('date').slice(0, 10), text('timeZone').slice(0, 100), wordsFor(req)));
    }),
  );
  server.post(
    `${base}/dayActions/preview`,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      const body = dayBodyOf(req, res);
      if (!body) return;
      const request = dayRequestOf(body);
      const preview = await deps.days.preview(request, organizerOf(req, deps.exchanger));
      answerDay(req, res, preview, (day) => dayPreviewCard(day, { date: day.date, kind: day.kind, timeZone: day.timeZone }, wordsFor(req)));
    }),
  );
  server.get(
    `${base}/dayActions/:dayActionId`,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      const action = await deps.dayLog.get(userOf(req), pathParam(req, 'dayActionId'));
      if (action) res.send(200, dayActionCard(action, wordsFor(req)));
      else res.send(404, errorEnvelope('notFound', wordsFor(req).rest.noSuchDayAction, req.getId()));
    }),
  );
}

function dayBodyOf(req: Request, res: Response): DayBody | undefined {
  return bodyOf(req, res, dayRequest);
}

function dayRequestOf(body: DayBody) {
  return { date: body.date, timeZone: body.timeZone, kind: body.messageType };
}

function answerDay<T>(req: Request, res: Response, result: DayResult<T>, body: (value: T) => unknown): void {
  if (result.ok) {
    res.send(200, body(result.value));
    return;
  }
  refuseRequest(req, res, result.error);
}
