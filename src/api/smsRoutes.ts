import { wordsFor } from '../http/requestWords';
import type { Messages } from '../domain/messages';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import type { NotificationSender } from '../app/notificationSender';
import type { AuthenticatedUser, EntraTokenValidator } from '../auth/entraTokenValidator';
import { authenticateWith, organizerOf, refuseNonOrganizer, userOf } from './authenticate';
import type { OnBehalfOfExchanger } from '../auth/onBehalfOfExchanger';
import { asTypedLine, type SendReceipt } from '../domain/sendReceipt';
import { isOwnRecord, type SendLedger, type SendRecord } from '../store/sendLedger';
import { asyncHandler, pathParam } from '../http/requests';
import { answerForReceipt, sendAnswer } from './httpAnswers';
import { refuseField } from '../http/errors';
import type { Result } from '../domain/result';
import type { PageTokens } from './pageTokens';
import { bodyOf, parseReminderBody, parseSmsBody, type BodyProblem, type SmsBody } from './requestBodies';

export interface SmsRouteDependencies {
  validator: EntraTokenValidator;
  exchanger: OnBehalfOfExchanger;
  sender: NotificationSender;
  ledger: SendLedger;
  pageTokens: PageTokens;
  logger: Logger;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The Graph paths, mirrored under /api, so the documented request works against us unchanged. */
export function registerSmsRoutes(server: Server, deps: SmsRouteDependencies): void {
  const authenticate = authenticateWith(deps.validator);
  const sendWith = (parse: (body: unknown, say: Messages) => Result<SmsBody, BodyProblem[]>) =>
    asyncHandler(async (req: Request, res: Response) => {
      const user = userOf(req);
      const parsed = bodyOf(req, res, parse, { example: wordsFor(req).rest.exampleBody });
      if (!parsed) return;
      const onlineMeetingId = pathParam(req, 'onlineMeetingId');
      const instance = req.header('idempotency-key') || undefined;
      if (instance !== undefined && !IDEMPOTENCY_KEY.test(instance)) {
        refuseField(req, res, 'Idempotency-Key', wordsFor(req).rest.badIdempotencyKey);
        return;
      }
      const receipt = await deps.sender.send({
        onlineMeetingId,
        instance,
        request: parsed.request,
        ...(parsed.override ? { override: parsed.override } : {}),
        organizer: organizerOf(req, deps.exchanger),
      });
      logSend(deps.logger, req, user, onlineMeetingId, receipt);
      sendAnswer(res, answerForReceipt(receipt, req, parsed.numberField));
    });
  const base = '/api/me/onlineMeetings/:onlineMeetingId';
  server.post(`${base}/sendVirtualAppointmentSms`, authenticate, sendWith(parseSmsBody));
  server.post(`${base}/sendVirtualAppointmentReminderSms`, authenticate, sendWith(parseReminderBody));
  server.get(
    `${base}/notifications`,
    authenticate,
    asyncHandler(async (req: Request, res: Response) => listNotifications(req, res, userOf(req), deps)),
  );
}

/** The meeting's send history, newest first, in Graph's paging style (`$top`, `$skiptoken`). */
async function listNotifications(
  req: Request,
  res: Response,
  user: AuthenticatedUser,
  deps: Pick<SmsRouteDependencies, 'ledger' | 'pageTokens'>,
): Promise<void> {
  const onlineMeetingId = pathParam(req, 'onlineMeetingId');
  if (refuseNonOrganizer(req, res)) return;
  const query = (req.query ?? {}) as Record<string, unknown>;
  const top = Number(typeof query.$top === 'string' ? query.$top : 20);
  if (!Number.isInteger(top) || top < 1 || top > 100) {
    refuseField(req, res, '$top', '$top must be a whole number from 1 to 100.');
    return;
  }
  const skiptoken = query.$skiptoken;
  const cursor = typeof skiptoken === 'string' ? deps.pageTokens.read(onlineMeetingId, skiptoken) : undefined;
  if (skiptoken !== undefined && cursor === undefined) {
    refuseField(
      req,
      res,
      '$skiptoken',
      '$skiptoken is not one this API issued for this meeting: follow @odata.nextLink as given, or leave it out for the first page.',
    );
    return;
  }
  const page = await deps.ledger.history(onlineMeetingId, { limit: top, cursor });
  const value = page.records.filter((record) => isOwnRecord(record, user)).map(notificationView);
  const nextToken = page.nextCursor ? deps.pageTokens.issue(onlineMeetingId, page.nextCursor) : undefined;
  const nextLink = nextToken ? `${publicOrigin(req)}${req.getPath()}?$top=${top}&$skiptoken=${encodeURIComponent(nextToken)}` : undefined;
  res.send(200, { value, ...(nextLink ? { '@odata.nextLink': nextLink } : {}) });
}

/** The origin the caller reached us at, for absolute links as Graph gives them (TLS may end at App Service's front end). */
function publicOrigin(req: Request): string {
  const forwarded = req.header('x-forwarded-proto', '').split(',')[0]?.trim();
  const protocol = forwarded === 'https' || forwarded === 'http' ? forwarded : req.isSecure() ? 'https' : 'http';
  const host = req.header('host');
  return host ? `${protocol}://${host}` : '';
}

/** What the history shows of a send: masked numbers and outcomes, never keys or hashes. */
function notificationView(record: SendRecord) {
  const { receipt } = record;
  return {
    id: record.id,
    kind: record.kind,
    state: record.state,
    status: receipt?.status ?? 'pending',
    timeZone: receipt?.timeZone,
    // Only the organizer reads this: a refused entry as they typed it.
    numbers:
      receipt?.numbers.map((line) => ({ ...line, ...(line.reason ? { reason: asTypedLine(line).reason } : {}) })) ??
      record.maskedNumbers.map((masked) => ({ masked, outcome: 'unknown' })),
    failure: receipt?.failure,
    graphRequestId: receipt?.graphRequestId,
    // The send policy's part: held until when, or the organizer's override and its reason (the audit).
    policy: receipt?.policy,
    organizerId: record.organizerId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Masked numbers only; never a token. */
function logSend(logger: Logger, req: Request, user: AuthenticatedUser, onlineMeetingId: string, receipt: SendReceipt): void {
  logger.info(
    {
      requestId: req.getId(),
      organizer: user.oid,
      meeting: `${onlineMeetingId.slice(0, 12)}…`,
      kind: receipt.kind,
      status: receipt.status,
      numbers: receipt.numbers.map((line) => `${line.masked}:${line.outcome}`),
      failure: receipt.failure?.reason,
      // Which rule an override bent (the reason itself stays in the audit: it is free text).
      override: receipt.policy?.override?.rules,
      heldUntil: receipt.policy?.heldUntil,
      graphRequestId: receipt.graphRequestId ?? receipt.failure?.requestId,
    },
    'sms send',
  );
}
